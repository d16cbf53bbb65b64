package dev.adjoint.grading;

import java.util.List;

/**
 * @param correct            every checked item within tolerance
 * @param score              matched / checked
 * @param firstWrongGradient the first node in backward order whose submitted gradient is wrong: all
 *                           it depends on (its consumers' gradients) were right or not submitted,
 *                           so the mistake is made here
 * @param firstWrongValue    the first node in evaluation order whose submitted value is wrong
 */
public record GradingReport(boolean correct, double score, int checked, int matched, List<ItemResult> results,
                            Mistake firstWrongGradient, Mistake firstWrongValue) {

    /**
     * @param derivation how the right number is made, as the note writes it
     *                   ({@code g_b = g_e · (-a / b^2) + g_c · cos(b) = ...}); null where there is none
     * @param likelyMistake the slip that explains the wrong number, when one does
     */
    public record Mistake(String node, String path, Object expected, Object submitted, String derivation, String message,
                          Diagnosis likelyMistake) {
    }
}
