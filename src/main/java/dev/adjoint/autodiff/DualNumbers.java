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
 * lane, even through an infinite partial. Tensor nodes carry a tensor value and a tangent of its
 * shape per lane, from the op's {@link Op#forward} and {@link Op#jvp}; scalar nodes keep the
 * per-element rules ({@link Op#partial}).
 */
final class DualNumbers implements GradientGraph.Builder {

    /** For a variable, its tangent in each lane (null or zeros for variables that do not move). */
    interface Directions {
        Tensor tangent(String variable, int lane);
    }

    private final Map<String, Tensor> inputs;
    private final Directions directions;
    private final int lanes;
    private final int maxNodes;
    private int size;
    private Tensor[] values = new Tensor[256];
    /** Row-major: node k's lanes at [k * lanes, (k + 1) * lanes); null where that lane does not move. */
    private Tensor[] tangents;

    DualNumbers(Map<String, Tensor> inputs, Directions directions, int lanes, int maxNodes) {
        this.inputs = inputs;
        this.directions = directions;
        this.lanes = lanes;
        this.maxNodes = maxNodes;
        this.tangents = new Tensor[256 * lanes];
    }

    Tensor value(int node) {
        return values[node];
    }

    /** The node's tangent in a lane, of its shape (zeros where nothing moves it). */
    Tensor tangent(int node, int lane) {
        Tensor t = tangents[node * lanes + lane];
        return t != null ? t : Tensor.zerosLike(values[node]);
    }

    @Override
    public int[] shape(int node) {
        return values[node].shape();
    }

    @Override
    public int input(String id) {
        Tensor v = inputs.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no value for input " + id);
        }
        int node = next(v);
        for (int k = 0; k < lanes; k++) {
            Tensor t = directions.tangent(id, k);
            tangents[node * lanes + k] = t == null || isZero(t) ? null : t;
        }
        return node;
    }

    @Override
    public int constant(String id, double value) {
        return next(Tensor.scalar(value));
    }

    @Override
    public int constant(String id, Tensor value) {
        return next(value);
    }

    @Override
    public int constant(double value) {
        return next(Tensor.scalar(value));
    }

    @Override
    public int sum(int[] terms, int count) {
        return count == 1 ? terms[0] : apply(Op.ADD, Arrays.copyOf(terms, count));
    }

    @Override
    public int apply(Op op, int... in) {
        return apply(op, null, in);
    }

    @Override
    public int apply(Op op, int[] attrs, int... in) {
        Tensor[] a = new Tensor[in.length];
        boolean scalars = op.isElementwise();
        for (int i = 0; i < in.length; i++) {
            a[i] = values[in[i]];
            scalars &= a[i].isScalar();
        }
        if (scalars) {
            return applyScalar(op, in, a);
        }
        Tensor y = op.forward(a, attrs);
        int node = next(y);
        Tensor[] t = new Tensor[in.length];
        for (int k = 0; k < lanes; k++) {
            boolean any = false;
            for (int i = 0; i < in.length; i++) {
                t[i] = tangents[in[i] * lanes + k];
                any |= t[i] != null;
            }
            if (any) {
                Tensor out = op.jvp(a, y, t, attrs);
                tangents[node * lanes + k] = isZero(out) ? null : out;
            }
        }
        return node;
    }

    /** A scalar elementwise node: the per-element partials, each computed once for all lanes. */
    private int applyScalar(Op op, int[] in, Tensor[] args) {
        double[] a = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            a[i] = args[i].item();
        }
        double y = op.value(a);
        int node = next(Tensor.scalar(y));
        int out = node * lanes;
        double[] sums = null;
        for (int i = 0; i < in.length; i++) {
            int from = in[i] * lanes;
            boolean moving = false;
            for (int k = 0; k < lanes; k++) {
                moving |= tangents[from + k] != null;
            }
            if (!moving) {
                continue; // its partial is never computed: x^2 needs no log(x)
            }
            double p = op.partial(i, a, y);
            for (int k = 0; k < lanes; k++) {
                Tensor t = tangents[from + k];
                if (t != null && t.item() != 0.0) {
                    sums = sums == null ? new double[lanes] : sums;
                    sums[k] += p * t.item();
                }
            }
        }
        if (sums != null) {
            for (int k = 0; k < lanes; k++) {
                tangents[out + k] = sums[k] == 0.0 ? null : Tensor.scalar(sums[k]);
            }
        }
        return node;
    }

    private static boolean isZero(Tensor t) {
        if (t.isScalar()) {
            return t.item() == 0.0;
        }
        for (double v : t.raw()) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }

    private int next(Tensor value) {
        if (size >= maxNodes) {
            throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                    "the gradient would take more than " + maxNodes + " nodes");
        }
        if (size == values.length) {
            int grown = 2 * size;
            values = Arrays.copyOf(values, grown);
            tangents = Arrays.copyOf(tangents, grown * lanes);
        }
        values[size] = value;
        return size++;
    }
}
