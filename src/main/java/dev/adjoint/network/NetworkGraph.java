package dev.adjoint.network;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated network as a graph of the shared core, with the nodes a caller reads back. The graph
 * does not depend on the batch size or on the weights' values (those are inputs), so one graph
 * serves every step of a training run.
 */
final class NetworkGraph {

    final Network network;
    final Graph graph;
    /** D_0 (inputs), D_1, ..., D_L (outputs). */
    final int[] widths;
    final int x;
    final int y;
    final int loss;
    final int[] weights;
    /** Bias node per layer, or -1. */
    final int[] biases;
    final int[] u;
    final int[] z;
    /** J is the fused softmax cross-entropy of u_L (not a function of z_L in the graph). */
    final boolean fusedAfterSoftmax;
    private final Graph probabilityLoss;

    private NetworkGraph(Network network, int[] widths) {
        this.network = network;
        this.widths = widths;
        int layers = network.layers().size();
        this.weights = new int[layers];
        this.biases = new int[layers];
        this.u = new int[layers];
        this.z = new int[layers];
        Graph.Builder b = Graph.builder(Integer.MAX_VALUE);
        this.x = b.input("x");
        int previous = x;
        for (int i = 0; i < layers; i++) {
            Layer layer = network.layers().get(i);
            String n = Integer.toString(i + 1);
            weights[i] = b.input("W" + n);
            int product = b.applyFresh(dev.adjoint.autodiff.Op.MATMUL, weights[i], previous);
            if (layer.bias() != null) {
                biases[i] = b.input("b" + n);
                b.name(product, "m" + n);
                u[i] = b.applyFresh(dev.adjoint.autodiff.Op.BIAS_ADD, product, biases[i]);
            } else {
                biases[i] = -1;
                u[i] = product;
            }
            b.name(u[i], "u" + n);
            z[i] = b.applyFresh(layer.activation().op(), u[i]);
            b.name(z[i], "z" + n);
            previous = z[i];
        }
        this.y = b.input("y");
        Activation last = network.layers().get(layers - 1).activation();
        this.fusedAfterSoftmax = network.loss() == Loss.CROSS_ENTROPY && last == Activation.SOFTMAX;
        if (fusedAfterSoftmax) {
            // Softmax and cross-entropy fused on the logits u_L, stable where the probabilities underflow;
            // z_L stays in the graph as the probabilities the trace and the predictions show.
            this.loss = b.applyFresh(dev.adjoint.autodiff.Op.SOFTMAX_CROSS_ENTROPY, u[layers - 1], y);
        } else if (network.loss() == Loss.CROSS_ENTROPY && last == Activation.LINEAR) {
            // A linear last layer's outputs are logits: cross_entropy means softmax cross-entropy on them (API.md 2).
            this.loss = b.applyFresh(dev.adjoint.autodiff.Op.SOFTMAX_CROSS_ENTROPY, previous, y);
        } else {
            this.loss = b.applyFresh(network.loss().op(), previous, y);
        }
        b.name(loss, "J");
        this.graph = b.build(() -> {
            throw new IllegalStateException("every network node is named");
        });
        this.probabilityLoss = fusedAfterSoftmax ? probabilityLoss() : null;
    }

    /**
     * J = cross_entropy(z_L, y) on the probabilities, the loss as the lecture note writes it. With
     * the fused op J reads u_L, so the sweep never passes through z_L; z_L's adjoint (dJ/dz_L =
     * −y / (B z_L)) is then taken from this graph, the same number the unfused graph gives.
     */
    private static Graph probabilityLoss() {
        Graph.Builder b = Graph.builder(3);
        int z = b.input("z");
        int y = b.input("y");
        b.name(b.applyFresh(dev.adjoint.autodiff.Op.CROSS_ENTROPY, z, y), "J");
        return b.build(() -> {
            throw new IllegalStateException("every node is named");
        });
    }

    /**
     * dJ/dz_L for the last layer's probabilities when J is the fused softmax cross-entropy (null
     * otherwise, where the sweep's own adjoint of z_L is the answer).
     */
    Tensor probabilityGradient(Tensor zL, Tensor targets) {
        if (probabilityLoss == null) {
            return null;
        }
        Evaluation e = Evaluation.run(probabilityLoss, Map.of("z", zL, "y", targets), Set.of("z"), probabilityLoss.indexOf("J"));
        return e.gradient(probabilityLoss.indexOf("z"));
    }

    /** Checks the network and its examples against each other and the limits, then builds the graph. */
    static NetworkGraph compile(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits) {
        NetworkCost.of(network, examples.size()).check(limits, examples.size());
        List<Violation> violations = new ArrayList<>();
        int[] widths = checkLayers(network, violations);
        if (violations.isEmpty()) {
            checkExamples(network, widths, examples, singleExample, violations);
        }
        if (!violations.isEmpty()) {
            throw new NetworkValidationException(violations);
        }
        return new NetworkGraph(network, widths);
    }

    private static int[] checkLayers(Network network, List<Violation> violations) {
        List<Layer> layers = network.layers();
        if (layers.isEmpty()) {
            violations.add(new Violation("layers", "a network needs at least one layer"));
            return new int[0];
        }
        boolean inOut = network.layout() == WeightLayout.IN_OUT;
        int[] widths = new int[layers.size() + 1];
        for (int i = 0; i < layers.size(); i++) {
            String path = "layers[" + i + "]";
            double[][] w = layers.get(i).weights();
            if (w == null || w.length == 0 || w[0] == null || w[0].length == 0) {
                violations.add(new Violation(path + ".weights", "give the layer's weight matrix (a non-empty list of rows)"));
                return widths;
            }
            for (int r = 1; r < w.length; r++) {
                if (w[r] == null || w[r].length != w[0].length) {
                    violations.add(new Violation(path + ".weights[" + r + "]", w[r] == null ? "row " + r + " is null; give it "
                            + w[0].length + " numbers" : "row " + r + " has " + w[r].length + " values but row 0 has " + w[0].length
                            + ": a matrix's rows must be equally long"));
                    return widths;
                }
            }
            int in = inOut ? w.length : w[0].length;
            int out = inOut ? w[0].length : w.length;
            String shape = w.length + " x " + w[0].length + " (" + network.layout().wireName() + ": " + in + " inputs, " + out + " outputs)";
            if (i == 0) {
                widths[0] = in;
            } else if (in != widths[i]) {
                violations.add(new Violation(path + ".weights", "the weights are " + shape + ", but layers[" + (i - 1)
                        + "] has " + widths[i] + " outputs; layer " + i + " needs " + widths[i] + " inputs"));
            }
            widths[i + 1] = out;
            double[] bias = layers.get(i).bias();
            if (bias != null && bias.length != out) {
                violations.add(new Violation(path + ".bias", "the bias has " + bias.length + " values but the layer has " + out + " outputs"));
            }
        }
        int outputs = widths[layers.size()];
        if (network.loss() == Loss.BINARY_CROSS_ENTROPY && outputs != 1) {
            violations.add(new Violation("loss", "binary_cross_entropy needs a single output, but the last layer has "
                    + outputs + "; use cross_entropy with a softmax layer for several classes"));
        }
        return widths;
    }

    private static void checkExamples(Network network, int[] widths, List<Example> examples, boolean single, List<Violation> violations) {
        if (examples.isEmpty()) {
            violations.add(new Violation("examples", "give at least one example"));
            return;
        }
        int outputs = widths[widths.length - 1];
        for (int k = 0; k < examples.size(); k++) {
            String path = single ? "example" : "examples[" + k + "]";
            Example e = examples.get(k);
            if (e == null || e.x() == null) {
                violations.add(new Violation(path + ".x", "give the example's input x"));
                continue;
            }
            if (e.x().length != widths[0]) {
                violations.add(new Violation(path + ".x", "x has " + e.x().length + " values but layers[0] takes " + widths[0] + " inputs"));
            }
            checkTarget(network.loss(), outputs, e, path + ".y", violations);
        }
    }

    private static void checkTarget(Loss loss, int outputs, Example e, String path, List<Violation> violations) {
        if (e.label() == null && e.target() == null) {
            violations.add(new Violation(path, "give the example's target y"));
            return;
        }
        switch (loss) {
            case BINARY_CROSS_ENTROPY -> {
                double label = e.label() != null ? e.label() : (e.target().length == 1 ? e.target()[0] : Double.NaN);
                if (!(label >= 0.0 && label <= 1.0)) {
                    violations.add(new Violation(path, "binary_cross_entropy needs y in [0, 1] (one number), got "
                            + (e.label() != null ? e.label() : e.target().length + " values")));
                }
            }
            case CROSS_ENTROPY -> {
                if (e.label() != null) {
                    double c = e.label();
                    if (c != Math.rint(c) || c < 0 || c >= outputs) {
                        violations.add(new Violation(path, "y = " + c + " is not a class index of the " + outputs
                                + " outputs (an integer from 0 to " + (outputs - 1) + ")"));
                    }
                } else if (e.target().length != outputs) {
                    violations.add(new Violation(path, "y has " + e.target().length + " probabilities but the last layer has " + outputs + " outputs"));
                }
            }
            case SQUARED_ERROR -> {
                int given = e.label() != null ? 1 : e.target().length;
                if (given != outputs) {
                    violations.add(new Violation(path, "y has " + given + " value" + (given == 1 ? "" : "s") + " but the last layer has " + outputs + " outputs"));
                }
            }
        }
    }

    /** The graph's inputs: x and y for {@code batch}, and the parameters (in the core's in_out layout). */
    Map<String, Tensor> inputs(Parameters parameters, List<Example> batch) {
        Map<String, Tensor> in = new HashMap<>();
        int n = batch.size();
        int d0 = widths[0];
        int outputs = widths[widths.length - 1];
        // Exact: the activations limit (NetworkCost) keeps n x width far below 2^31; this only guards a misconfiguration.
        double[] xs = new double[Math.multiplyExact(n, d0)];
        double[] ys = new double[Math.multiplyExact(n, outputs)];
        for (int k = 0; k < n; k++) {
            Example e = batch.get(k);
            System.arraycopy(e.x(), 0, xs, k * d0, d0);
            if (e.target() != null) {
                System.arraycopy(e.target(), 0, ys, k * outputs, outputs);
            } else if (network.loss() == Loss.CROSS_ENTROPY) {
                ys[k * outputs + (int) Math.rint(e.label())] = 1.0; // a class index is a one-hot probability vector
            } else {
                ys[k * outputs] = e.label();
            }
        }
        in.put("x", Tensor.of(new int[] {n, d0}, xs));
        in.put("y", Tensor.of(new int[] {n, outputs}, ys));
        for (int i = 0; i < weights.length; i++) {
            in.put("W" + (i + 1), parameters.weights(i));
            if (biases[i] >= 0) {
                in.put("b" + (i + 1), parameters.bias(i));
            }
        }
        return in;
    }
}
