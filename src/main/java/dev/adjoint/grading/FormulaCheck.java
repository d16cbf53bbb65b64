package dev.adjoint.grading;

import java.util.Map;

/**
 * How a formula answer was judged: evaluated against the truth at the request's bindings and at a
 * fixed set of sample points.
 *
 * @param pointsChecked  points where both were compared (the bindings count as one)
 * @param pointsAgreed   of those, points where they agreed within the tolerance
 * @param counterexample the first point where they disagree; null when they agree everywhere
 * @param error          why the text is not a formula; null when it is one
 * @param valueAtBindings the formula's value at the request's bindings; null when it was not evaluated there
 */
public record FormulaCheck(String formula, int pointsChecked, int pointsAgreed, Counterexample counterexample, FormulaError error,
                           Double valueAtBindings) {

    /**
     * @param bindings  the variables' values at the point
     * @param expected  the truth there
     * @param submitted the formula's value there
     */
    public record Counterexample(Map<String, Double> bindings, double expected, double submitted) {
    }

    /** @param position 0-based offset in the formula; line and column 1-based; null when the fault has no place */
    public record FormulaError(String message, Integer position, Integer line, Integer column) {
    }
}
