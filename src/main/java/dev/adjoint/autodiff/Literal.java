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

    /**
     * Six significant digits, trailing zeros dropped ({@code -12.36}, {@code 1208.38}): numbers to
     * read in a derivation or a picture, beside the exact ones of the JSON answer.
     */
    public static String approximate(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Double.isFinite(v) ? Long.toString((long) v) : Double.toString(v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
