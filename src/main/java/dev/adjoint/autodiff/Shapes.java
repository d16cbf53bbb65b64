package dev.adjoint.autodiff;

/** Shape rules the op table shares: numpy's broadcasting at rank 2 or less, and how a shape is written. */
public final class Shapes {

    static final int[] SCALAR = new int[0];

    private Shapes() {
    }

    /** {@code [3, 4]}, {@code []}. */
    public static String format(int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(']').toString();
    }

    static boolean isScalar(int[] shape) {
        return shape.length == 0;
    }

    /**
     * The shape elementwise ops give: a scalar goes with anything, a vector [n] with a matrix [m, n]
     * (added to every row), equal shapes with each other. Anything else is a ShapeException naming
     * both shapes and {@code symbol}, the operator.
     */
    static int[] broadcast(int[] a, int[] b, String symbol) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0 || java.util.Arrays.equals(a, b)) {
            return a;
        }
        if (a.length == 1 && b.length == 2 && a[0] == b[1]) {
            return b;
        }
        if (a.length == 2 && b.length == 1 && b[0] == a[1]) {
            return a;
        }
        String why = a.length == 1 && b.length == 2 || a.length == 2 && b.length == 1
                ? "a vector broadcasts over a matrix's rows only when its length is the number of columns ("
                        + (a.length == 1 ? a[0] + " vs " + b[1] : b[0] + " vs " + a[1]) + ")"
                : "the shapes differ, and only a scalar, or a vector [n] with a matrix [m, n], broadcasts";
        throw new ShapeException(format(a) + " " + symbol + " " + format(b) + " — " + why);
    }
}
