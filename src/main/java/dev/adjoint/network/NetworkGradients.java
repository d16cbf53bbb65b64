package dev.adjoint.network;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Gradients of a network's loss on its examples: every weight, bias and input, and the trace. */
public final class NetworkGradients {

    private NetworkGradients() {
    }

    /**
     * @param singleExample the request gave one {@code example} (paths in errors say so)
     */
    public static NetworkResult compute(Network network, List<Example> examples, boolean singleExample, NetworkLimits limits) {
        NetworkGraph net = NetworkGraph.compile(network, examples, singleExample, limits);
        Parameters parameters = Parameters.of(network);
        Evaluation evaluation = Evaluation.run(net.graph, net.inputs(parameters, examples), differentiated(net), net.loss);
        List<NetworkResult.LayerGradient> layers = new ArrayList<>();
        for (int i = 0; i < net.weights.length; i++) {
            double[][] w = Parameters.inLayout(evaluation.gradient(net.weights[i]), network.layout());
            double[] b = net.biases[i] >= 0 ? evaluation.gradient(net.biases[i]).toArray() : null;
            layers.add(new NetworkResult.LayerGradient(w, b));
        }
        return new NetworkResult(evaluation.value(net.loss).item(), rows(evaluation.value(net.z[net.z.length - 1])), layers,
                rows(evaluation.gradient(net.x)), nodes(net, evaluation, examples.size() == 1), evaluation.warnings());
    }

    /** The trace; with one example, the example dimension is dropped from x, y and every layer node. */
    private static List<NetworkResult.Node> nodes(NetworkGraph net, Evaluation evaluation, boolean single) {
        List<NetworkResult.Node> nodes = new ArrayList<>();
        for (Trace.NodeEntry n : Trace.nodes(evaluation)) {
            boolean parameter = n.id().startsWith("W") || n.id().startsWith("b");
            boolean dropRow = single && !parameter && n.value().shape().length == 2;
            nodes.add(new NetworkResult.Node(n.id(), n.op(), n.inputs(), dropRow ? vector(n.value()) : n.value(),
                    n.gradient() == null ? null : dropRow ? vector(n.gradient()) : n.gradient()));
        }
        return nodes;
    }

    private static Tensor vector(Tensor row) {
        return row.reshape(row.size());
    }

    /** Parameters and the input: everything but the targets. */
    static Set<String> differentiated(NetworkGraph net) {
        Set<String> wrt = new HashSet<>();
        wrt.add("x");
        for (int i = 0; i < net.weights.length; i++) {
            wrt.add("W" + (i + 1));
            if (net.biases[i] >= 0) {
                wrt.add("b" + (i + 1));
            }
        }
        return wrt;
    }

    /** A [rows, cols] tensor as rows. */
    static double[][] rows(Tensor t) {
        int[] shape = t.shape();
        double[][] out = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            for (int c = 0; c < shape[1]; c++) {
                out[r][c] = t.get(r * shape[1] + c);
            }
        }
        return out;
    }
}
