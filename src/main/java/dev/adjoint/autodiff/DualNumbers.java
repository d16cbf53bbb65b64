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
    private final Deadline deadline;
    private int size;
    /** Scalar nodes (the common case) live in these arrays, with no objects per node. */
    private double[] values = new double[256];
    /** Row-major: node k's lanes at [k * lanes, (k + 1) * lanes). */
    private double[] tangents;
    /** Whether any lane of the node is not 0 (constants and still inputs are skipped outright). */
    private boolean[] moving = new boolean[256];
    /** A tensor node's value (null for a scalar node) and its tangents per lane (null where a lane does not move it). */
    private Tensor[] tensorValues = new Tensor[256];
    private Tensor[] tensorTangents;

    DualNumbers(Map<String, Tensor> inputs, Directions directions, int lanes, int maxNodes) {
        this(inputs, directions, lanes, maxNodes, Deadline.NONE);
    }

    /** As above, stopping with {@link DeadlineExceededException} once {@code deadline} passes (checked at each tensor node and every 256 nodes). */
    DualNumbers(Map<String, Tensor> inputs, Directions directions, int lanes, int maxNodes, Deadline deadline) {
        this.deadline = deadline;
        this.inputs = inputs;
        this.directions = directions;
        this.lanes = lanes;
        this.maxNodes = maxNodes;
        this.tangents = new double[256 * lanes];
        this.tensorTangents = new Tensor[256 * lanes];
    }

    Tensor value(int node) {
        return tensorValues[node] != null ? tensorValues[node] : Tensor.scalar(values[node]);
    }

    /** The node's tangent in a lane, of its shape (zeros where nothing moves it). */
    Tensor tangent(int node, int lane) {
        if (tensorValues[node] == null) {
            return Tensor.scalar(tangents[node * lanes + lane]);
        }
        Tensor t = tensorTangents[node * lanes + lane];
        return t != null ? t : Tensor.zerosLike(tensorValues[node]);
    }

    @Override
    public int[] shape(int node) {
        return tensorValues[node] != null ? tensorValues[node].shape() : Shapes.SCALAR;
    }

    @Override
    public int input(String id, int[] shape) {
        return input(id);
    }

    int input(String id) {
        Tensor v = inputs.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no value for input " + id);
        }
        int node = next(v);
        boolean any = false;
        for (int k = 0; k < lanes; k++) {
            Tensor t = directions.tangent(id, k);
            if (t == null || isZero(t)) {
                continue;
            }
            any = true;
            if (v.isScalar()) {
                tangents[node * lanes + k] = t.item();
            } else {
                tensorTangents[node * lanes + k] = t;
            }
        }
        moving[node] = any;
        return node;
    }

    @Override
    public int constant(String id, double value) {
        return next(value);
    }

    @Override
    public int constant(String id, Tensor value) {
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
        return apply(op, null, in);
    }

    @Override
    public int apply(Op op, int[] attrs, int... in) {
        boolean scalars = op.isElementwise();
        for (int i = 0; i < in.length && scalars; i++) {
            scalars = tensorValues[in[i]] == null;
        }
        return scalars ? applyScalar(op, in) : applyTensor(op, attrs, in);
    }

    /** A scalar elementwise node: the per-element rules, each partial computed once for all lanes. */
    private int applyScalar(Op op, int[] in) {
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

    /** A node with a tensor among its inputs (or a tensor op): the op's forward and, per lane, its {@link Op#jvp}. */
    private int applyTensor(Op op, int[] attrs, int[] in) {
        deadline.check(); // a tensor op may be a product of a million elements per lane
        Tensor[] a = new Tensor[in.length];
        boolean any = false;
        for (int i = 0; i < in.length; i++) {
            a[i] = value(in[i]);
            any |= moving[in[i]];
        }
        Tensor y = op.forward(a, attrs);
        int node = next(y);
        if (!any) {
            return node;
        }
        Tensor[] t = new Tensor[in.length];
        boolean nonzero = false;
        for (int k = 0; k < lanes; k++) {
            boolean lane = false;
            for (int i = 0; i < in.length; i++) {
                t[i] = moving[in[i]] ? laneTangent(in[i], k) : null;
                lane |= t[i] != null;
            }
            if (!lane) {
                continue;
            }
            Tensor out = op.jvp(a, y, t, attrs);
            if (out == null || isZero(out)) {
                continue;
            }
            nonzero = true;
            if (y.isScalar()) {
                tangents[node * lanes + k] = out.item();
            } else {
                tensorTangents[node * lanes + k] = out;
            }
        }
        moving[node] = nonzero;
        return node;
    }

    /** The node's tangent in a lane as a tensor, or null where it is 0. */
    private Tensor laneTangent(int node, int lane) {
        if (tensorValues[node] != null) {
            return tensorTangents[node * lanes + lane];
        }
        double t = tangents[node * lanes + lane];
        return t == 0.0 ? null : Tensor.scalar(t);
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
        if (value.isScalar()) {
            return next(value.item());
        }
        int node = next(0.0);
        tensorValues[node] = value;
        return node;
    }

    private int next(double value) {
        if (size >= maxNodes) {
            throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                    "the gradient would take more than " + maxNodes + " nodes");
        }
        if ((size & 255) == 255) {
            deadline.check();
        }
        if (size == values.length) {
            int grown = 2 * size;
            values = Arrays.copyOf(values, grown);
            moving = Arrays.copyOf(moving, grown);
            tangents = Arrays.copyOf(tangents, grown * lanes);
            tensorValues = Arrays.copyOf(tensorValues, grown);
            tensorTangents = Arrays.copyOf(tensorTangents, grown * lanes);
        }
        values[size] = value;
        return size++;
    }
}
