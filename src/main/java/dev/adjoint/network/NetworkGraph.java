package dev.adjoint.network;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Op;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated network as the tensor graph a program writes, built with the language's own ops (API.md
 * section 5, DESIGN.md "one compiler"): for one example {@code u1 = W1' @ x} (in_out) or
 * {@code u1 = W1 @ x} (out_in), {@code u1 = m1 + b1} with a bias, {@code z1 = sigmoid(u1)}, ...,
 * {@code J = loss(zL, y)}; for a batch, one example per row, {@code u1 = x @ W1} (in_out) or
 * {@code u1 = x @ W1'} (out_in). The weights stay in the request's layout, so every value, gradient
 * and backward term reads as the request wrote it. The graph does not depend on the weights' values
 * (they are inputs), so one graph serves every step of a training run.
 */
final class NetworkGraph {

    final Network network;
    final Graph graph;
    /** D_0 (inputs), D_1, ..., D_L (outputs). */
    final int[] widths;
    /** One example, as vectors (no example dimension); else a batch, one example per row. */
    final boolean vector;
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

    private NetworkGraph(Network network, int[] widths, boolean vector) {
        this.network = network;
        this.widths = widths;
        this.vector = vector;
        int layers = network.layers().size();
        this.weights = new int[layers];
        this.biases = new int[layers];
        this.u = new int[layers];
        this.z = new int[layers];
        WeightLayout layout = network.layout();
        Graph.Builder b = Graph.builder(Integer.MAX_VALUE);
        this.x = b.input("x");
        int previous = x;
        for (int i = 0; i < layers; i++) {
            Layer layer = network.layers().get(i);
            String n = Integer.toString(i + 1);
            weights[i] = b.input(WeightLayout.weightsId(i));
            int product = layout.product(b, weights[i], previous, vector);
            if (layer.bias() != null) {
                biases[i] = b.input(WeightLayout.biasId(i));
                b.name(product, "m" + n);
                u[i] = b.applyFresh(Op.ADD, product, biases[i]);
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
            this.loss = b.applyFresh(Op.SOFTMAX_CROSS_ENTROPY, u[layers - 1], y);
        } else if (network.loss() == Loss.CROSS_ENTROPY && last == Activation.LINEAR) {
            // A linear last layer's outputs are logits: cross_entropy means softmax cross-entropy on them (API.md 2).
            this.loss = b.applyFresh(Op.SOFTMAX_CROSS_ENTROPY, previous, y);
        } else {
            this.loss = b.applyFresh(network.loss().op(), previous, y);
        }
        b.name(loss, "J");
        this.graph = b.build(() -> {
            throw new IllegalStateException("every network node is named");
        });
        this.probabilityLoss = fusedAfterSoftmax ? probabilityLoss("z" + layers) : null;
    }

    /**
     * J = cross_entropy(z_L, y) on the probabilities, the loss as the lecture note writes it. With
     * the fused op J reads u_L, so the sweep never passes through z_L; z_L's adjoint (dJ/dz_L =
     * −y / (B z_L)) and its backward entry are then taken from this graph, the same numbers the
     * unfused graph gives.
     */
    private static Graph probabilityLoss(String zId) {
        Graph.Builder b = Graph.builder(3);
        int z = b.input(zId);
        int y = b.input("y");
        b.name(b.applyFresh(Op.CROSS_ENTROPY, z, y), "J");
        return b.build(() -> {
            throw new IllegalStateException("every node is named");
        });
    }

    /**
     * z_L's backward entry (dJ/dz_L, one term from J) when J is the fused softmax cross-entropy;
     * null otherwise, where the sweep's own entry is the answer.
     */
    Trace.BackwardEntry probabilityBackward(Tensor zL, Tensor targets) {
        if (probabilityLoss == null) {
            return null;
        }
        String id = probabilityLoss.id(0);
        Evaluation e = Evaluation.run(probabilityLoss, Map.of(id, zL, "y", targets), Set.of(id), probabilityLoss.indexOf("J"));
        // z_L's entry alone (its one term, from J), not the whole trace of the loss graph searched for it
        Trace.BackwardEntry entry = Trace.lookup(e, probabilityLoss.traceTemplate()).backward(0);
        if (entry == null) {
            throw new java.util.NoSuchElementException("no backward entry for " + id);
        }
        return entry;
    }

    /** Checks the network and its examples against each other and the limits, then builds the graph. */
    static NetworkGraph compile(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits) {
        return compile(network, examples, singleExample, limits, false);
    }

    /** As above; with {@code vector}, the graph of one example written with vectors (the note's form). */
    static NetworkGraph compile(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits, boolean vector) {
        NetworkCost.of(network, examples.size()).check(limits, examples.size());
        List<Violation> violations = new ArrayList<>();
        int[] widths = NetworkChecks.check(network, examples, singleExample, violations);
        if (!violations.isEmpty()) {
            throw new NetworkValidationException(violations);
        }
        return new NetworkGraph(network, widths, vector);
    }

    /** The graph's inputs: x and y for {@code batch}, and the parameters (in the request's layout). */
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
        in.put("x", Tensor.of(vector ? new int[] {d0} : new int[] {n, d0}, xs));
        in.put("y", Tensor.of(vector ? new int[] {outputs} : new int[] {n, outputs}, ys));
        for (int i = 0; i < weights.length; i++) {
            in.put(WeightLayout.weightsId(i), parameters.weights(i));
            if (biases[i] >= 0) {
                in.put(WeightLayout.biasId(i), parameters.bias(i));
            }
        }
        return in;
    }
}
