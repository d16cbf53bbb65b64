package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.Map;

/**
 * Forward over reverse without building a graph: a {@link GradientGraph.Builder} that evaluates
 * each node of the reverse sweep the moment the sweep asks for it, carrying a value and a tangent
 * per direction ("lane"). The reverse sweep's nodes are the gradient, so the gradient nodes'
 * tangents are Hessian-vector products, from the same rules ({@link Op#vjpNode}, {@link Op#partial})
 * and at the cost of a few evaluations of the graph: no node objects, ids, sharing table or
 * simplification, which only a formula needs.
 *
 * <p>As in {@link ForwardMode}, an input whose tangent in a lane is exactly 0 does not move that
 * lane, even through an infinite partial. Scalars only: a tensor op says so.
 */
final class DualNumbers implements GradientGraph.Builder {

    /** For a variable, its tangent in each lane (0 for variables that do not move). */
    interface Directions {
        double tangent(String variable, int lane);
    }

    private final Map<String, Tensor> inputs;
    private final Directions directions;
    private final int lanes;
    private final int maxNodes;
    private int size;
    private double[] values = new double[256];
    /** Row-major: node k's lanes at [k * lanes, (k + 1) * lanes). */
    private double[] tangents;
    /** Whether any lane of the node is not 0 (constants and still inputs are skipped outright). */
    private boolean[] moving = new boolean[256];

    DualNumbers(Map<String, Tensor> inputs, Directions directions, int lanes, int maxNodes) {
        this.inputs = inputs;
        this.directions = directions;
        this.lanes = lanes;
        this.maxNodes = maxNodes;
        this.tangents = new double[256 * lanes];
    }

    double value(int node) {
        return values[node];
    }

    double tangent(int node, int lane) {
        return tangents[node * lanes + lane];
    }

    @Override
    public int input(String id) {
        Tensor v = inputs.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no value for input " + id);
        }
        int node = next(scalar(v, id));
        boolean any = false;
        for (int k = 0; k < lanes; k++) {
            double t = directions.tangent(id, k);
            tangents[node * lanes + k] = t;
            any |= t != 0.0;
        }
        moving[node] = any;
        return node;
    }

    @Override
    public int constant(String id, double value) {
        return next(value);
    }

    @Override
    public int constant(double value) {
        return next(value);
    }

    @Override
    public int sum(int[] terms, int count) {
        return count == 1 ? terms[0] : apply(Op.ADD, Arrays.copyOf(terms, count));
    }

    @Override
    public int apply(Op op, int... in) {
        if (!op.isElementwise()) {
            throw new UnsupportedOperationException("no forward-over-reverse rule for " + op.symbol() + " on tensors yet");
        }
        double[] a = new double[in.length];
        boolean any = false;
        for (int i = 0; i < in.length; i++) {
            a[i] = values[in[i]];
            any |= moving[in[i]];
        }
        double y = op.value(a);
        int node = next(y);
        if (!any) {
            return node;
        }
        int out = node * lanes;
        boolean nonzero = false;
        for (int i = 0; i < in.length; i++) {
            if (!moving[in[i]]) {
                continue; // its partial is never computed: x^2 needs no log(x)
            }
            double p = op.partial(i, a, y);
            int from = in[i] * lanes;
            for (int k = 0; k < lanes; k++) {
                double t = tangents[from + k];
                if (t != 0.0) {
                    tangents[out + k] += p * t;
                }
            }
        }
        for (int k = 0; k < lanes; k++) {
            nonzero |= tangents[out + k] != 0.0;
        }
        moving[node] = nonzero;
        return node;
    }

    private int next(double value) {
        if (size >= maxNodes) {
            throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                    "the gradient would take more than " + maxNodes + " nodes");
        }
        if (size == values.length) {
            int grown = 2 * size;
            values = Arrays.copyOf(values, grown);
            moving = Arrays.copyOf(moving, grown);
            tangents = Arrays.copyOf(tangents, grown * lanes);
        }
        values[size] = value;
        return size++;
    }

    private static double scalar(Tensor v, String id) {
        if (!v.isScalar()) {
            throw new UnsupportedOperationException("second derivatives with respect to tensor " + id + " are not supported yet");
        }
        return v.item();
    }
}
