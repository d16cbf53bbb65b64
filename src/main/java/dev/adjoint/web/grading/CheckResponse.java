package dev.adjoint.web.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.grading.Diagnosis;
import dev.adjoint.grading.FormulaCheck;
import dev.adjoint.grading.GradingReport;
import dev.adjoint.grading.ItemResult;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A graded submission.
 *
 * @param firstWrongGradient where the mistake is: the first node in backward order whose gradient is
 *                           wrong while everything it is made from is right
 */
@Schema(description = "Verdict per submitted item, the score, and where the first mistake is")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResponse(boolean correct, double score, int checked, int matched, List<Item> results,
                            Mistake firstWrongGradient, Mistake firstWrongValue) {

    /**
     * @param verdict       correct, wrong, wrong-shape, not-a-number, missing or unknown; for formulas
     *                      equivalent, not-equivalent, not-a-formula or undefined
     * @param formula       for a formula answer: points checked and agreed, a counterexample or the syntax error
     * @param likelyMistake for a wrong gradient: the slip that explains it, when one does
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String path, String verdict, Object expected, Object submitted, Double absoluteError, Double relativeError,
                       Integer wrongElements, Integer elements, ItemResult.ElementError worst, List<ItemResult.ElementError> firstWrong,
                       String message, Formula formula, LikelyMistake likelyMistake) {
    }

    /**
     * @param pointsChecked  the bindings and the sample points where the truth is finite
     * @param pointsAgreed   of those, where the formula agrees with it within the tolerance
     * @param counterexample the first point where they differ: its bindings, the truth and the formula's value
     * @param error          why the text is not a formula: message, position (0-based), line, column
     * @param valueAtBindings the formula's value at the request's bindings
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A formula answer evaluated against the truth at the bindings and at fixed sample points")
    public record Formula(String formula, int pointsChecked, int pointsAgreed, FormulaCheck.Counterexample counterexample, Error error,
                          Double valueAtBindings) {

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Error(String message, Integer position, Integer line, Integer column) {
        }

        static Formula of(FormulaCheck f) {
            if (f == null) {
                return null;
            }
            Error error = f.error() == null ? null : new Error(f.error().message(), f.error().position(), f.error().line(), f.error().column());
            return new Formula(f.formula(), f.pointsChecked(), f.pointsAgreed(), f.counterexample(), error, f.valueAtBindings());
        }
    }

    /**
     * @param kind     sign-flipped, off-by-factor, missing-term, extra-term or local-derivative-wrong
     * @param consumer the consumer whose term is at fault
     * @param factor   the factor the sum (or the one local derivative) is off by
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The slip that most likely explains a wrong gradient, read off the true backward terms")
    public record LikelyMistake(String kind, String consumer, Double factor, String localDerivative, String explanation) {

        static LikelyMistake of(Diagnosis d) {
            return d == null ? null : new LikelyMistake(d.kind().wireName(), d.consumer(), d.factor(), d.localDerivative(), d.explanation());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mistake(String node, String path, Object expected, Object submitted, String derivation, String message,
                          LikelyMistake likelyMistake) {

        static Mistake of(GradingReport.Mistake m) {
            return m == null ? null : new Mistake(m.node(), m.path(), m.expected(), m.submitted(), m.derivation(), m.message(),
                    LikelyMistake.of(m.likelyMistake()));
        }
    }

    static CheckResponse of(GradingReport r) {
        List<Item> items = r.results().stream().map(i -> new Item(i.path(), i.verdict().wireName(), i.expected(), i.submitted(),
                i.absoluteError(), i.relativeError(), i.wrongElements(), i.elements(), i.worst(), i.firstWrong(), i.message(),
                Formula.of(i.formula()), LikelyMistake.of(i.likelyMistake()))).toList();
        return new CheckResponse(r.correct(), r.score(), r.checked(), r.matched(), items, Mistake.of(r.firstWrongGradient()),
                Mistake.of(r.firstWrongValue()));
    }
}
