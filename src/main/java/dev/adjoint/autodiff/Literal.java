package dev.adjoint.autodiff;

/** How a number is printed where it stands for itself: a constant's id, an exponent in a printed partial. */
public final class Literal {

    private Literal() {
    }

    /** {@code 2.0 -> "2"}, {@code 0.5 -> "0.5"}, {@code 1.5e-10 -> "1.5E-10"}: the shortest text that reads back as the same double. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
