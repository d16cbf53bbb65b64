package dev.adjoint.grading;

/**
 * numpy's allclose rule: {@code |got − want| ≤ absolute + relative·|want|}, with numpy's defaults.
 * NaN matches NaN and an infinity matches the same infinity (so an expected NaN can be submitted).
 */
public record Tolerance(double relative, double absolute) {

    /** numpy.allclose's defaults: rtol = 1e-5, atol = 1e-8. */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-8);

    public boolean accepts(double got, double want) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            return Double.compare(got, want) == 0;
        }
        return Math.abs(got - want) <= absolute + relative * Math.abs(want);
    }
}
