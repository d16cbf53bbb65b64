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
 * exponent of {@code x^2}) is never computed. A tensor node's tangent comes from its op's own JVP
 * rule ({@link Op#jvp}, beside its VJP in the table); an op without one says so.
 */
public final class ForwardMode {

    private final Graph graph;
    private final Evaluation values;
    private final boolean[] carries;
    /** Per node, the partial with respect to each input slot; null where no tangent reaches. */
    private final double[][] partials;
    private final Deadline deadline;

    /** The sweeps look at the deadline once per 4096 nodes, as the reverse sweep does, and at every tensor node (a product may be large). */
    private static final int CHECK_EVERY = 4095;

    private ForwardMode(Graph graph, Evaluation values, boolean[] carries, double[][] partials, Deadline deadline) {
        this.graph = graph;
        this.values = values;
        this.carries = carries;
        this.partials = partials;
        this.deadline = deadline;
    }

    /** Evaluates {@code graph} at {@code inputValues} and linearizes it there with respect to the inputs {@code wrt}. */
    public static ForwardMode at(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt) {
        return at(graph, inputValues, wrt, Deadline.NONE);
    }

    /**
     * As above; the evaluation, the linearization and every tangent sweep of the result stop with
     * {@link DeadlineExceededException} once {@code deadline} passes.
     */
    public static ForwardMode at(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt, Deadline deadline) {
        Evaluation values = Evaluation.run(graph, inputValues, Set.of(), graph.size() - 1, deadline);
        int n = graph.size();
        boolean[] carries = new boolean[n];
        double[][] partials = new double[n][];
        for (int node = 0; node < n; node++) {
            if ((node & CHECK_EVERY) == CHECK_EVERY) {
                deadline.check();
            }
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
                        continue; // a tensor node: its op's own JVP rule, per direction
                    }
                    double[] a = new double[in.length];
                    boolean scalars = true;
                    for (int i = 0; i < in.length; i++) {
                        scalars &= values.value(in[i]).isScalar();
                        a[i] = scalars ? values.value(in[i]).item() : 0.0;
                    }
                    if (!scalars) {
                        continue;
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
        return new ForwardMode(graph, values, carries, partials, deadline);
    }

    /**
     * One tangent sweep over scalar variables: each node's directional derivative when the inputs
     * move along {@code direction} (by input id; missing inputs and inputs outside wrt do not move).
     * Nodes no tangent reaches have tangent 0. Every node must be a scalar (else see {@link #tangentTensors}).
     */
    public double[] tangents(Map<String, Double> direction) {
        Map<String, Tensor> d = new java.util.HashMap<>();
        direction.forEach((k, v) -> d.put(k, Tensor.scalar(v)));
        Tensor[] t = tangentTensors(d);
        double[] out = new double[t.length];
        for (int node = 0; node < t.length; node++) {
            out[node] = t[node].item();
        }
        return out;
    }

    /**
     * One tangent sweep: each node's tangent, of the node's shape, when the inputs move along
     * {@code direction} (by input id, each of its input's shape; missing inputs and inputs outside
     * wrt do not move). Scalar elementwise nodes use the partials computed once per point; tensor
     * nodes their op's {@link Op#jvp}. Nodes no tangent reaches have tangent 0.
     */
    public Tensor[] tangentTensors(Map<String, Tensor> direction) {
        int n = graph.size();
        Tensor[] t = new Tensor[n];
        for (int node = 0; node < n; node++) {
            if ((node & CHECK_EVERY) == CHECK_EVERY) {
                deadline.check();
            }
            Tensor value = values.value(node);
            if (!carries[node]) {
                t[node] = value.isScalar() ? ZERO : Tensor.zerosLike(value);
                continue;
            }
            if (graph.kind(node) == Graph.Kind.INPUT) {
                Tensor d = direction.get(graph.id(node));
                t[node] = d == null ? Tensor.zerosLike(value) : d;
                continue;
            }
            int[] in = graph.inputs(node);
            double[] p = partials[node];
            if (p != null) {
                double sum = 0.0;
                boolean first = true;
                for (int i = 0; i < in.length; i++) {
                    double ti = carries[in[i]] ? t[in[i]].item() : 0.0;
                    if (ti != 0.0) { // a still input passes nothing, even through an infinite partial
                        double term = p[i] * ti;
                        sum = first ? term : sum + term;
                        first = false;
                    }
                }
                t[node] = Tensor.scalar(sum);
                continue;
            }
            deadline.check(); // a tensor node: its JVP may be a product of a million elements
            Tensor[] args = new Tensor[in.length];
            Tensor[] moving = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                args[i] = values.value(in[i]);
                moving[i] = carries[in[i]] ? t[in[i]] : null;
            }
            t[node] = graph.op(node).jvp(args, value, moving, graph.attrs(node));
        }
        return t;
    }

    private static final Tensor ZERO = Tensor.scalar(0.0);

    /** The values at the point (no adjoints). */
    public Evaluation values() {
        return values;
    }

    public Graph graph() {
        return graph;
    }
}
