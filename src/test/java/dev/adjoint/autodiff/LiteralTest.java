package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Literal.approximate prints what the Formatter's %.6g printed, trailing zeros dropped, for every double. */
class LiteralTest {

    /** The first version: the Formatter and two regular expressions (slow, but the reference). */
    private static String reference(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Double.isFinite(v) ? Long.toString((long) v) : Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }

    @Test
    void approximateIsTheFormattersSixSignificantDigits() {
        double[] edges = {-12.36, 1208.38, 0.5, -0.5, 1e-4, 9.999995e-5, 9.9999949e-5, 0.000123457, 999999.5, 999999.4, 999999.7,
                123456.5, 1234565.0, 1.5e-10, -1.5e-10, 1e15 + 0.5, 1.2345e15, 1e300, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
                -Double.MAX_VALUE, 0.1, 0.2 + 0.1, 2.5e-5, 1.000005, 1.0000049999, 0.9999995, 99999.95, 5e-324, 4.35, 0.125,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 3.0, -7.0};
        for (double v : edges) {
            assertThat(Literal.approximate(v)).as("%s", v).isEqualTo(reference(v));
        }
        Random random = new Random(16);
        for (int i = 0; i < 1_000_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any double, NaNs included
                case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(24) - 12); // a derivation's range
                case 2 -> Math.round(random.nextDouble() * 1e7) / Math.pow(10, random.nextInt(12)); // ties at the 7th digit
                default -> (random.nextInt(2_000_001) - 1_000_000) * 0.5 * Math.pow(10, random.nextInt(16) - 10);
            };
            assertThat(Literal.approximate(v)).as("%s", v).isEqualTo(reference(v));
        }
    }
}
