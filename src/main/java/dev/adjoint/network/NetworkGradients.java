package dev.adjoint.network;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.FiniteDifferences;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gradients of a network's loss on its examples: every weight, bias and input, and the trace. */
public final class NetworkGradients {

    private NetworkGradients() {
    }

    public static NetworkResult compute(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits) {
        return compute(network, examples, singleExample, limits, 0);
    }

    /**
     * @param singleExample  the request gave one {@code example} (paths in errors say so)
     * @param verifyElements how many weight, bias and input elements to check by central differences
     *                       (all of them if there are no more; an evenly spread, fixed sample if there
     *                       are); 0 for none
     */
    public static NetworkResult compute(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits,
                                        int verifyElements) {
        return compute(network, examples, singleExample, limits, verifyElements, Deadline.NONE);
    }

    /** As above; the sweeps stop with {@link dev.adjoint.autodiff.DeadlineExceededException} once {@code deadline} passes. */
    public static NetworkResult compute(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits,
                                        int verifyElements, Deadline deadline) {
        NetworkGraph net = NetworkGraph.compile(network, examples, singleExample, limits, examples.size() == 1);
        Parameters parameters = Parameters.of(network);
        Map<String, Tensor> inputs = net.inputs(parameters, examples);
        Evaluation evaluation = Evaluation.run(net.graph, inputs, differentiated(net), net.loss, deadline);
        List<NetworkResult.LayerGradient> layers = new ArrayList<>();
        for (int i = 0; i < net.weights.length; i++) {
            double[][] w = rows(evaluation.gradient(net.weights[i]));
            double[] b = net.biases[i] >= 0 ? evaluation.gradient(net.biases[i]).toArray() : null;
            layers.add(new NetworkResult.LayerGradient(w, b));
        }
        Trace trace = Trace.of(evaluation);
        int lastZ = net.z[net.z.length - 1];
        Trace.BackwardEntry probabilities = net.probabilityBackward(evaluation.value(lastZ), evaluation.value(net.y));
        List<NetworkResult.Node> nodes = nodes(trace, probabilities);
        return new NetworkResult(evaluation.value(net.loss).item(), rows(evaluation.value(lastZ)), layers,
                rows(evaluation.gradient(net.x)), nodes, backward(trace, probabilities), warnings(net, evaluation, nodes),
                verifyElements > 0 ? verify(net, evaluation, inputs, verifyElements, deadline) : null);
    }

    /**
     * Adds every problem of a network and its examples to {@code violations}, all at once: a front
     * door reads the request (adding what it cannot read), then asks this before computing, so one
     * answer lists them all. Parts the request could not give (null) are skipped here.
     */
    public static void check(Network network, List<Example> examples, boolean singleExample, List<Violation> violations) {
        NetworkChecks.check(network, examples, singleExample, violations);
    }

    /**
     * Central differences on a sample of elements, spread evenly over every weight, bias and input
     * element in a fixed order (so the same request checks the same elements), named as the
     * request names them.
     */
    private static FiniteDifferences.Verification verify(NetworkGraph net, Evaluation evaluation, Map<String, Tensor> inputs, int cap,
                                                         Deadline deadline) {
        List<FiniteDifferences.Element> all = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < net.weights.length; i++) {
            total += inputs.get(WeightLayout.weightsId(i)).size() + (net.biases[i] >= 0 ? inputs.get(WeightLayout.biasId(i)).size() : 0);
        }
        total += inputs.get("x").size();
        double stride = Math.max(1.0, (double) total / cap);
        double next = 0;
        long position = 0;
        for (int i = 0; i < net.weights.length; i++) {
            int out = net.widths[i + 1];
            int size = net.widths[i] * out;
            int columns = inputs.get(WeightLayout.weightsId(i)).shape()[1]; // the request's layout, element for element
            for (int k = 0; k < size; k++, position++) {
                if (position >= next) {
                    all.add(new FiniteDifferences.Element(WeightLayout.weightsId(i), k, WeightLayout.weightsElementPath(i, k, columns)));
                    next += stride;
                }
            }
            if (net.biases[i] >= 0) {
                for (int k = 0; k < out; k++, position++) {
                    if (position >= next) {
                        all.add(new FiniteDifferences.Element(WeightLayout.biasId(i), k, WeightLayout.biasPath(i) + "[" + k + "]"));
                        next += stride;
                    }
                }
            }
        }
        int d0 = net.widths[0];
        for (int k = 0; k < inputs.get("x").size(); k++, position++) {
            if (position >= next) {
                all.add(new FiniteDifferences.Element("x", k, net.vector ? "x[" + k + "]" : "x[" + (k / d0) + "][" + (k % d0) + "]"));
                next += stride;
            }
        }
        return FiniteDifferences.verify(evaluation, inputs, all.subList(0, Math.min(cap, all.size())), total, deadline);
    }

    /**
     * The sweep's warnings, and one for the probabilities of a fused softmax cross-entropy whose
     * adjoint −y / (B z) is not finite (a probability of the true class rounded to 0): the sweep
     * never divides by it, so the loss and the other gradients stay finite, but the trace shows it.
     */
    private static List<dev.adjoint.autodiff.Warning> warnings(NetworkGraph net, Evaluation evaluation, List<NetworkResult.Node> nodes) {
        List<dev.adjoint.autodiff.Warning> warnings = evaluation.warnings();
        if (!net.fusedAfterSoftmax || warnings.stream().anyMatch(w -> w.quantity().equals("gradient"))) {
            return warnings;
        }
        String id = evaluation.graph().id(net.z[net.z.length - 1]);
        for (NetworkResult.Node n : nodes) {
            if (n.id().equals(id) && n.gradient() != null && !n.gradient().isFinite()) {
                List<dev.adjoint.autodiff.Warning> more = new ArrayList<>(warnings);
                more.add(new dev.adjoint.autodiff.Warning(id, "gradient", "the gradient of " + id + " (dJ/d" + id + " = -y / " + id
                        + " / B) is not finite: a probability of the target class rounds to 0; the loss is computed from the logits"
                        + " (fused softmax cross-entropy), so it and every other gradient are finite"));
                return List.copyOf(more);
            }
        }
        return warnings;
    }

    /** The trace's nodes; the probabilities of a fused softmax cross-entropy get dJ/dz_L as the unfused loss has it. */
    private static List<NetworkResult.Node> nodes(Trace trace, Trace.BackwardEntry probabilities) {
        List<NetworkResult.Node> nodes = new ArrayList<>();
        for (Trace.NodeEntry n : trace.nodes()) {
            Tensor gradient = probabilities != null && n.id().equals(probabilities.id()) ? probabilities.gradient() : n.gradient();
            nodes.add(new NetworkResult.Node(n.id(), n.op(), n.inputs(), n.expression(), n.value(), gradient));
        }
        return nodes;
    }

    /**
     * The sweep's backward list. With a fused softmax cross-entropy, J reads the logits u_L, so the
     * probabilities z_L reach J by no path of the graph: their entry is the note's
     * {@code g_zL = -g_J * y / zL}, and u_L's gradient is J's term alone (z_L's would add 0).
     */
    private static List<Trace.BackwardEntry> backward(Trace trace, Trace.BackwardEntry probabilities) {
        if (probabilities == null) {
            return trace.backward();
        }
        List<Trace.BackwardEntry> entries = new ArrayList<>(trace.backward().size());
        for (Trace.BackwardEntry b : trace.backward()) {
            if (b.id().equals(probabilities.id())) {
                entries.add(probabilities);
            } else {
                entries.add(new Trace.BackwardEntry(b.id(), b.gradient(),
                        b.terms().stream().filter(t -> !t.consumer().equals(probabilities.id())).toList()));
            }
        }
        return entries;
    }

    /** Parameters and the input: everything but the targets. */
    static Set<String> differentiated(NetworkGraph net) {
        Set<String> wrt = new HashSet<>();
        wrt.add("x");
        for (int i = 0; i < net.weights.length; i++) {
            wrt.add(WeightLayout.weightsId(i));
            if (net.biases[i] >= 0) {
                wrt.add(WeightLayout.biasId(i));
            }
        }
        return wrt;
    }

    /** A [rows, cols] tensor as rows; a vector (one example) as one row. */
    static double[][] rows(Tensor t) {
        int[] shape = t.rank() == 1 ? new int[] {1, t.size()} : t.shape();
        double[][] out = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            for (int c = 0; c < shape[1]; c++) {
                out[r][c] = t.get(r * shape[1] + c);
            }
        }
        return out;
    }
}
