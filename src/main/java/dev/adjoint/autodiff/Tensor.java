package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable array of doubles with a shape, stored row-major. A scalar has shape {@code []}.
 *
 * <p>Values are never written after construction by code outside this class: the sweeps make new
 * tensors, so a value handed out (in a trace, a response) stays what it was.
 */
public final class Tensor {

    private static final int[] SCALAR_SHAPE = new int[0];

    private final int[] shape;
    private final double[] data;

    private Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    public static Tensor scalar(double value) {
        return new Tensor(SCALAR_SHAPE, new double[] {value});
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
        return new Tensor(t.shape, new double[t.data.length]);
    }

    public static Tensor onesLike(Tensor t) {
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
        if (sizeOf(newShape) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(newShape.length == 0 ? SCALAR_SHAPE : newShape.clone(), data);
    }

    public boolean isScalar() {
        return shape.length == 0;
    }

    /** The single value of a scalar (or of a one-element tensor). */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("not a single value: shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    /** Element {@code i} in row-major order. */
    public double get(int i) {
        return data[i];
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    public Tensor map(DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(data[i]);
        }
        return new Tensor(shape, out);
    }

    public Tensor plus(Tensor other) {
        requireSameShape(other);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] + other.data[i];
        }
        return new Tensor(shape, out);
    }

    /** A copy with element {@code index} replaced: a finite-difference probe. */
    public Tensor with(int index, double value) {
        double[] out = data.clone();
        out[index] = value;
        return new Tensor(shape, out);
    }

    /** {@code this − scale · other}: one gradient-descent step. */
    public Tensor minusScaled(double scale, Tensor other) {
        requireSameShape(other);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] - scale * other.data[i];
        }
        return new Tensor(shape, out);
    }

    /** True when every element is finite (no NaN, no infinity). */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The values themselves, for kernels in this package that promise not to write them. */
    double[] raw() {
        return data;
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    private void requireSameShape(Tensor other) {
        if (!sameShape(other)) {
            throw new IllegalArgumentException(
                    "shapes differ: " + Arrays.toString(shape) + " and " + Arrays.toString(other.shape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return isScalar() ? Double.toString(data[0]) : "Tensor" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
