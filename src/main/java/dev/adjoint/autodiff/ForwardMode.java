package dev.adjoint.autodiff;

import java.util.Map;
import java.util.Set;

/**
 * Forward mode: the graph linearized at a point, then tangents pushed up the array, one sweep per
 * direction (the other half of autodiff: a Jacobian-vector product costs one sweep, as a
 * vector-Jacobian product does in reverse). Each node's partials come from the same op table as the
 * reverse sweep ({@link Op#partial}) and are computed once per point, so many directions (the
 * columns of a Hessian) cost one multiply-add per edge each.
 *
 * <p>Only inputs in {@code wrt} carry tangents; a partial towards a node no tangent reaches (the
 * exponent of {@code x^2}) is never computed. Scalars only for now: a tensor op will add its own
 * JVP rule beside its VJP, and until then says so loudly.
 */
public final class ForwardMode {

    private final Graph graph;
    private final Evaluation values;
    private final boolean[] carries;
    /** Per node, the partial with respect to each input slot; null where no tangent reaches. */
    private final double[][] partials;

    private ForwardMode(Graph graph, Evaluation values, boolean[] carries, double[][] partials) {
        this.graph = graph;
        this.values = values;
        this.carries = carries;
        this.partials = partials;
    }

    /** Evaluates {@code graph} at {@code inputValues} and linearizes it there with respect to the inputs {@code wrt}. */
    public static ForwardMode at(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt) {
        Evaluation values = Evaluation.run(graph, inputValues, Set.of(), graph.size() - 1);
        int n = graph.size();
        boolean[] carries = new boolean[n];
        double[][] partials = new double[n][];
        for (int node = 0; node < n; node++) {
            switch (graph.kind(node)) {
                case INPUT -> carries[node] = wrt.contains(graph.id(node));
                case CONSTANT -> carries[node] = false;
                case OPERATION -> {
                    int[] in = graph.inputs(node);
                    boolean any = false;
                    for (int i : in) {
                        any |= carries[i];
                    }
                    carries[node] = any;
                    if (!any) {
                        continue;
                    }
                    Op op = graph.op(node);
                    if (!op.isElementwise() || !values.value(node).isScalar()) {
                        throw new UnsupportedOperationException("no forward rule for " + op.symbol() + " on tensors yet");
                    }
                    double[] a = new double[in.length];
                    for (int i = 0; i < in.length; i++) {
                        a[i] = values.value(in[i]).item();
                    }
                    double y = values.value(node).item();
                    double[] p = new double[in.length];
                    for (int i = 0; i < in.length; i++) {
                        if (carries[in[i]]) {
                            p[i] = op.partial(i, a, y);
                        }
                    }
                    partials[node] = p;
                }
            }
        }
        return new ForwardMode(graph, values, carries, partials);
    }

    /**
     * One tangent sweep: each node's directional derivative when the inputs move along
     * {@code direction} (by input id; missing inputs and inputs outside wrt do not move). Nodes no
     * tangent reaches have tangent 0.
     */
    public double[] tangents(Map<String, Double> direction) {
        int n = graph.size();
        double[] t = new double[n];
        for (int node = 0; node < n; node++) {
            if (!carries[node]) {
                continue;
            }
            if (graph.kind(node) == Graph.Kind.INPUT) {
                Double d = direction.get(graph.id(node));
                t[node] = d == null ? 0.0 : d;
                continue;
            }
            int[] in = graph.inputs(node);
            double[] p = partials[node];
            double sum = 0.0;
            boolean first = true;
            for (int i = 0; i < in.length; i++) {
                if (carries[in[i]] && t[in[i]] != 0.0) { // a still input passes nothing, even through an infinite partial
                    double term = p[i] * t[in[i]];
                    sum = first ? term : sum + term;
                    first = false;
                }
            }
            t[node] = sum;
        }
        return t;
    }

    /** The values at the point (no adjoints). */
    public Evaluation values() {
        return values;
    }

    public Graph graph() {
        return graph;
    }
}
