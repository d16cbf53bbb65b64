package dev.adjoint.grading;

import java.util.List;

/**
 * One checked item.
 *
 * @param expected      our number or array (null for {@link Verdict#UNKNOWN})
 * @param absoluteError for a number; for an array, of its worst element
 * @param wrongElements for an array: how many elements are wrong, of {@code elements}
 * @param worst         for an array: the element with the largest error beyond the tolerance
 * @param firstWrong    for an array: the first few wrong elements, in row-major order
 * @param formula       for a formula answer: where it was evaluated and how it compared; else null
 * @param likelyMistake for a wrong number: the slip that explains it, if one does; else null
 */
public record ItemResult(String path, Verdict verdict, Object expected, Object submitted,
                         Double absoluteError, Double relativeError,
                         Integer wrongElements, Integer elements, ElementError worst, List<ElementError> firstWrong,
                         String message, FormulaCheck formula, Diagnosis likelyMistake) {

    public ItemResult(String path, Verdict verdict, Object expected, Object submitted, Double absoluteError, Double relativeError,
                      Integer wrongElements, Integer elements, ElementError worst, List<ElementError> firstWrong, String message) {
        this(path, verdict, expected, submitted, absoluteError, relativeError, wrongElements, elements, worst, firstWrong, message, null, null);
    }

    public boolean correct() {
        return verdict.counts();
    }

    ItemResult withLikelyMistake(Diagnosis d) {
        return new ItemResult(path, verdict, expected, submitted, absoluteError, relativeError, wrongElements, elements, worst,
                firstWrong, message, formula, d);
    }

    /** @param path e.g. {@code layers[0].weights[1][2]} */
    public record ElementError(String path, double expected, Object submitted, double absoluteError, double relativeError) {
    }
}
