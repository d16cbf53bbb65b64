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
        return shape.clone();
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
