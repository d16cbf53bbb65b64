package dev.adjoint.autodiff;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

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
        // What String.format(Locale.ROOT, "%.6g", v) prints, trailing zeros dropped, without the
        // Formatter and two regular expressions (a grading batch prints three of these a wrong item;
        // LiteralTest compares the two on a million doubles). Like the Formatter: the shortest decimal
        // of v rounded half-up to six digits; fixed notation for exponents -4 to 5, else d.ddddde+XX.
        BigDecimal rounded = new BigDecimal(Double.toString(v)).round(SIX_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 6) {
            return withoutTrailingZeros(rounded.setScale(Math.max(0, 5 - exponent)).toPlainString());
        }
        String digits = Integer.toString(Math.abs(exponent));
        return withoutTrailingZeros(rounded.movePointLeft(exponent).setScale(5).toPlainString())
                + (exponent < 0 ? "e-" : "e+") + (digits.length() < 2 ? "0" : "") + digits;
    }

    private static final MathContext SIX_DIGITS = new MathContext(6, RoundingMode.HALF_UP);

    /** {@code 12.3600 -> 12.36}, {@code 1.00000 -> 1}; a number without a point as it is. */
    private static String withoutTrailingZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
