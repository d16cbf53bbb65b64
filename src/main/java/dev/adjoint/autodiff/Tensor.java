package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable array of doubles with a shape, stored row-major. A scalar has shape {@code []}.
 *
 * <p>Values are never written after construction by code outside this class: the sweeps make new
 * tensors, so a value handed out (in a trace, a response) stays what it was. A scalar keeps its
 * value in a field rather than a one-element array: expressions are made of scalars, and that halves
 * what each of their values costs.
 */
public final class Tensor {

    private static final int[] SCALAR_SHAPE = new int[0];

    private final int[] shape;
    /** The values, row-major; null for a scalar, whose value is {@link #scalar}. */
    private final double[] data;
    private final double scalar;

    private Tensor(int[] shape, double[] data) {
        if (shape.length == 0) {
            this.shape = SCALAR_SHAPE;
            this.data = null;
            this.scalar = data[0];
        } else {
            this.shape = shape;
            this.data = data;
            this.scalar = 0.0;
        }
    }

    private Tensor(double scalar) {
        this.shape = SCALAR_SHAPE;
        this.data = null;
        this.scalar = scalar;
    }

    public static Tensor scalar(double value) {
        return new Tensor(value);
    }

    /** A tensor over {@code data} (taken, not copied: the caller gives up the array). */
    public static Tensor of(int[] shape, double[] data) {
        if (sizeOf(shape) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + sizeOf(shape) + " values, got " + data.length);
        }
        return new Tensor(shape.length == 0 ? SCALAR_SHAPE : shape.clone(), data);
    }

    /** A tensor of {@code t}'s shape over {@code data} (taken, not copied). */
    static Tensor like(Tensor t, double[] data) {
        return new Tensor(t.shape, data);
    }

    public static Tensor zerosLike(Tensor t) {
        return t.isScalar() ? new Tensor(0.0) : new Tensor(t.shape, new double[t.data.length]);
    }

    public static Tensor onesLike(Tensor t) {
        if (t.isScalar()) {
            return new Tensor(1.0);
        }
        double[] ones = new double[t.data.length];
        Arrays.fill(ones, 1.0);
        return new Tensor(t.shape, ones);
    }

    static int sizeOf(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    /** The same values under another shape of the same size (shared: tensors are never written). */
    public Tensor reshape(int... newShape) {
        if (sizeOf(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(newShape.length == 0 ? SCALAR_SHAPE : newShape.clone(), values());
    }

    public boolean isScalar() {
        return data == null;
    }

    /** The single value of a scalar (or of a one-element tensor). */
    public double item() {
        if (data == null) {
            return scalar;
        }
        if (data.length != 1) {
            throw new IllegalStateException("not a single value: shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    public int[] shape() {
        return shape.length == 0 ? SCALAR_SHAPE : shape.clone(); // an empty array cannot be written: shared
    }

    /** 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return shape.length;
    }

    public int size() {
        return data == null ? 1 : data.length;
    }

    /** Element {@code i} in row-major order. */
    public double get(int i) {
        if (data == null) {
            if (i != 0) {
                throw new IndexOutOfBoundsException(i);
            }
            return scalar;
        }
        return data[i];
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    public Tensor map(DoubleUnaryOperator f) {
        if (data == null) {
            return new Tensor(f.applyAsDouble(scalar));
        }
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(data[i]);
        }
        return new Tensor(shape, out);
    }

    public Tensor plus(Tensor other) {
        requireSameShape(other);
        if (data == null) {
            return new Tensor(scalar + other.scalar);
        }
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] + other.data[i];
        }
        return new Tensor(shape, out);
    }

    /** A copy with element {@code index} replaced: a finite-difference probe. */
    public Tensor with(int index, double value) {
        if (data == null) {
            get(index);
            return new Tensor(value);
        }
        double[] out = data.clone();
        out[index] = value;
        return new Tensor(shape, out);
    }

    /** {@code this − scale · other}: one gradient-descent step. */
    public Tensor minusScaled(double scale, Tensor other) {
        requireSameShape(other);
        if (data == null) {
            return new Tensor(scalar - scale * other.scalar);
        }
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] - scale * other.data[i];
        }
        return new Tensor(shape, out);
    }

    // ---- The loops of the tensor ops. Op entries state rules and call these; shapes were checked when the graph was built. ----

    /** Element {@code k} of a broadcast to an output of {@code outSize} elements: a scalar everywhere, a row [n] on every row of [m, n]. */
    double broadcastGet(int k) {
        return data == null ? scalar : data[data.length == 1 ? 0 : k % data.length];
    }

    /**
     * The one place broadcast gradients are reduced: {@code this} (a gradient of a broadcast
     * result) summed back to {@code target}, an input's shape. [m, n] to [n] sums over rows, anything
     * to [] sums everything; an equal shape is returned as it is.
     */
    public Tensor reduceTo(int[] target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        if (target.length == 0) {
            return new Tensor(sumAll());
        }
        int n = sizeOf(target);
        double[] out = new double[n];
        for (int r = 0; r < data.length; r += n) {
            for (int j = 0; j < n; j++) {
                out[j] += data[r + j];
            }
        }
        return new Tensor(target.clone(), out);
    }

    private double sumAll() {
        if (data == null) {
            return scalar;
        }
        double sum = 0.0;
        for (double v : data) {
            sum += v;
        }
        return sum;
    }

    /** numpy's sum: axis -1 sums everything to a scalar; 0 collapses rows ([m, n] to [n], [n] to []); 1 collapses columns ([m, n] to [m]). */
    public Tensor sum(int axis) {
        if (axis < 0 || shape.length == 1) {
            return new Tensor(sumAll());
        }
        int m = shape[0];
        int n = shape[1];
        if (axis == 0) {
            return reduceTo(new int[] {n});
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += data[i * n + j];
            }
            out[i] = s;
        }
        return new Tensor(new int[] {m}, out);
    }

    /** The adjoint of {@link #sum}: {@code this} (the sum's gradient) spread back over {@code shape}, times {@code scale}. */
    public Tensor spread(int[] target, int axis, double scale) {
        double[] out = new double[sizeOf(target)];
        if (axis < 0 || target.length == 1) {
            Arrays.fill(out, item() * scale);
        } else if (axis == 0) {
            for (int k = 0; k < out.length; k++) {
                out[k] = data[k % data.length] * scale;
            }
        } else {
            int n = target[1];
            for (int k = 0; k < out.length; k++) {
                out[k] = get(k / n) * scale;
            }
        }
        return target.length == 0 ? new Tensor(out[0]) : new Tensor(target.clone(), out);
    }

    public Tensor scale(double factor) {
        return map(v -> v * factor);
    }

    /** Elementwise product of equal shapes. */
    public Tensor times(Tensor other) {
        requireSameShape(other);
        if (data == null) {
            return new Tensor(scalar * other.scalar);
        }
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] * other.data[i];
        }
        return new Tensor(shape, out);
    }

    /** A matrix's transpose; a vector's (and a scalar's) is itself. */
    public Tensor transpose() {
        if (shape.length < 2) {
            return this;
        }
        return new Tensor(new int[] {shape[1], shape[0]}, Gemm.transpose(data, shape[0], shape[1]));
    }

    /**
     * numpy's {@code @} through the one kernel ({@link Gemm}): [m,k]@[k,n] is [m,n], [m,k]@[k] is [m],
     * [k]@[k,n] is [n], [k]@[k] is a scalar. With {@code transposeThis}, {@code thisᵀ @ b} without
     * forming the transpose.
     */
    public Tensor matmul(Tensor b, boolean transposeThis) {
        boolean matrixA = shape.length == 2;
        boolean matrixB = b.shape.length == 2;
        if (!matrixA && !matrixB) {
            return new Tensor(dot(b));
        }
        double[] bData = b.values();
        if (!matrixA) { // [k] @ [k, n]: one row times B
            int k = shape[0];
            int n = b.shape[1];
            return new Tensor(new int[] {n}, Gemm.multiply(data, bData, 1, k, n));
        }
        int rows = transposeThis ? shape[1] : shape[0];
        int k = transposeThis ? shape[0] : shape[1];
        int n = matrixB ? b.shape[1] : 1;
        double[] c = transposeThis
                ? Gemm.multiplyTransposedA(data, bData, k, rows, n)
                : Gemm.multiply(data, bData, rows, k, n);
        return new Tensor(matrixB ? new int[] {rows, n} : new int[] {rows}, c);
    }

    /** {@code this @ bᵀ} for matrices ([m,k] @ [n,k]ᵀ is [m,n]). */
    public Tensor matmulTransposed(Tensor b) {
        int m = shape[0];
        int k = shape[1];
        int n = b.shape[0];
        return new Tensor(new int[] {m, n}, Gemm.multiplyTransposedB(data, b.data, m, k, n));
    }

    /** Σ a_i b_i of equal-length vectors, in index order. */
    public double dot(Tensor b) {
        double[] a = values();
        double[] c = b.values();
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * c[i];
        }
        return sum;
    }

    /** a bᵀ: [m] and [n] give [m, n]. */
    public Tensor outer(Tensor b) {
        double[] a = values();
        double[] c = b.values();
        return new Tensor(new int[] {a.length, c.length}, Gemm.multiply(a, c, a.length, 1, c.length));
    }

    /** The 2-norm of all elements, scaled to avoid overflow as hypot does. */
    public double norm() {
        double[] a = values();
        double max = 0.0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0.0 || !Double.isFinite(max)) {
            return max == 0.0 ? 0.0 : Math.sqrt(dot(this));
        }
        double sum = 0.0;
        for (double v : a) {
            double s = v / max;
            sum += s * s;
        }
        return max * Math.sqrt(sum);
    }

    private int rowLength() {
        return shape[shape.length - 1];
    }

    /** Softmax of each row (of the vector itself), after subtracting the row's max so no exponential overflows. */
    public Tensor softmaxRows() {
        double[] out = new double[data.length];
        int k = rowLength();
        for (int r = 0; r < data.length; r += k) {
            double max = rowMax(r, k);
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                out[r + j] = Math.exp(data[r + j] - max);
                sum += out[r + j];
            }
            for (int j = 0; j < k; j++) {
                out[r + j] /= sum;
            }
        }
        return new Tensor(shape, out);
    }

    /** log Σ_j e^{u_j} of each row, stable: max + log Σ e^{u_j − max}. A vector gives a scalar, a matrix one value per row. */
    public Tensor logSumExpRows() {
        int k = rowLength();
        double[] out = new double[data.length / k];
        for (int r = 0, i = 0; r < data.length; r += k, i++) {
            out[i] = logSumExp(r, k);
        }
        return shape.length == 1 ? new Tensor(out[0]) : new Tensor(new int[] {shape[0]}, out);
    }

    /** u − logsumexp(u) per row: finite for [1000, 0]. */
    public Tensor logSoftmaxRows() {
        double[] out = new double[data.length];
        int k = rowLength();
        for (int r = 0; r < data.length; r += k) {
            double lse = logSumExp(r, k);
            for (int j = 0; j < k; j++) {
                out[r + j] = data[r + j] - lse;
            }
        }
        return new Tensor(shape, out);
    }

    private double logSumExp(int r, int k) {
        double max = rowMax(r, k);
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(data[r + j] - max);
        }
        return max + Math.log(sum);
    }

    private double rowMax(int r, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, data[r + j]);
        }
        return max;
    }

    /**
     * Per row, {@code y ⊙ (g − Σ_j g_j y_j)}: the softmax VJP, with {@code this} the softmax's output.
     */
    public Tensor softmaxRowsVjp(Tensor g) {
        double[] out = new double[data.length];
        int k = rowLength();
        for (int r = 0; r < data.length; r += k) {
            double dot = 0.0;
            for (int j = 0; j < k; j++) {
                dot += g.data[r + j] * data[r + j];
            }
            for (int j = 0; j < k; j++) {
                out[r + j] = data[r + j] * (g.data[r + j] - dot);
            }
        }
        return new Tensor(shape, out);
    }

    /** Per row, {@code g − softmax(u) Σ_j g_j}: the log-softmax VJP, with {@code this} the log-softmax's output. */
    public Tensor logSoftmaxRowsVjp(Tensor g) {
        double[] out = new double[data.length];
        int k = rowLength();
        for (int r = 0; r < data.length; r += k) {
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                sum += g.data[r + j];
            }
            for (int j = 0; j < k; j++) {
                out[r + j] = g.data[r + j] - Math.exp(data[r + j]) * sum;
            }
        }
        return new Tensor(shape, out);
    }

    /** The logsumexp VJP: each row's softmax times that row's gradient ({@code g} a scalar for a vector, [m] for a matrix). */
    public Tensor logSumExpRowsVjp(Tensor g) {
        Tensor s = softmaxRows();
        int k = rowLength();
        for (int r = 0, i = 0; r < s.data.length; r += k, i++) {
            double gi = g.get(i);
            for (int j = 0; j < k; j++) {
                s.data[r + j] *= gi;
            }
        }
        return s;
    }

    /** Adds {@code row} to every row: [m, n] + [n]. */
    public Tensor plusRow(Tensor row) {
        double[] out = new double[data.length];
        double[] b = row.values();
        for (int r = 0; r < data.length; r += b.length) {
            for (int j = 0; j < b.length; j++) {
                out[r + j] = data[r + j] + b[j];
            }
        }
        return new Tensor(shape, out);
    }

    /** The element or row at {@code index}: v[i], A[i] (a row), A[i, j]. */
    public Tensor at(int[] index) {
        if (shape.length == 1 || index.length == 2) {
            return new Tensor(data[shape.length == 1 ? index[0] : index[0] * shape[1] + index[1]]);
        }
        int n = shape[1];
        return new Tensor(new int[] {n}, Arrays.copyOfRange(data, index[0] * n, index[0] * n + n));
    }

    /** The adjoint of {@link #at}: zeros of {@code target}'s shape with {@code this} placed at {@code index} (a selection: nothing is multiplied). */
    public Tensor placedAt(int[] target, int[] index) {
        double[] out = new double[sizeOf(target)];
        if (target.length == 1 || index.length == 2) {
            out[target.length == 1 ? index[0] : index[0] * target[1] + index[1]] = item();
        } else {
            System.arraycopy(data, 0, out, index[0] * target[1], target[1]);
        }
        return new Tensor(target.clone(), out);
    }

    /** A literal: scalars give a vector, vectors of one length give a matrix (one per row). */
    public static Tensor stack(Tensor[] parts) {
        if (parts[0].isScalar()) {
            double[] out = new double[parts.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = parts[i].scalar;
            }
            return new Tensor(new int[] {out.length}, out);
        }
        int n = parts[0].data.length;
        double[] out = new double[parts.length * n];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i].data, 0, out, i * n, n);
        }
        return new Tensor(new int[] {parts.length, n}, out);
    }

    /** True when every element is finite (no NaN, no infinity). */
    public boolean isFinite() {
        if (data == null) {
            return Double.isFinite(scalar);
        }
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The values themselves, for kernels in this package that promise not to write them (a copy for a scalar). */
    double[] raw() {
        return values();
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return data == null ? new double[] {scalar} : data.clone();
    }

    private double[] values() {
        return data == null ? new double[] {scalar} : data;
    }

    private void requireSameShape(Tensor other) {
        if (!sameShape(other)) {
            throw new IllegalArgumentException(
                    "shapes differ: " + Arrays.toString(shape) + " and " + Arrays.toString(other.shape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values(), t.values());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return isScalar() ? Double.toString(scalar) : "Tensor" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
