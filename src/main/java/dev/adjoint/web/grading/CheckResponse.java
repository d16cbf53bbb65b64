package dev.adjoint.web.grading;

import dev.adjoint.web.platform.NumberSchemas;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.grading.Diagnosis;
import dev.adjoint.grading.FormulaCheck;
import dev.adjoint.grading.GradingReport;
import dev.adjoint.grading.ItemResult;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A graded submission.
 *
 * @param firstWrongGradient where the mistake is: the first node in backward order whose gradient is
 *                           wrong while everything it is made from is right
 */
@Schema(name = "CheckResponse", description = "Verdict per submitted item, the score, and where the first mistake is")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResponse(
        @Schema(description = "Whether every submitted item is right", requiredMode = REQUIRED, example = "false") boolean correct,
        @Schema(description = "matched / checked, in [0, 1]", requiredMode = REQUIRED, example = "0.6666666666666666") double score,
        @Schema(description = "Items checked (every submitted item the answer has)", requiredMode = REQUIRED, example = "6") int checked,
        @Schema(description = "Items that are right", requiredMode = REQUIRED, example = "4") int matched,
        @Schema(description = "One verdict per submitted item, in the submission's order", requiredMode = REQUIRED) List<Item> results,
        @Schema(description = "Where the mistake is: the first node in backward order whose gradient is wrong while everything it is "
                + "made from is right; absent when no gradient is wrong") Mistake firstWrongGradient,
        @Schema(description = "The first node in forward order whose value is wrong; absent when no value is wrong") Mistake firstWrongValue,
        // typed loosely so grading needs nothing of web.expressions (which depends on it); the schema names the real type
        @ArraySchema(arraySchema = @Schema(description = "/networks/check only: the true backward pass of the network, as /networks/gradient "
                + "answers it (each node's adjoint as one term per consumer, output first, in the request's layout), to compare a "
                + "derivation with"), schema = @Schema(ref = "#/components/schemas/BackwardStep"))
        List<?> backward) {

    /** This answer with the true backward pass the submission is graded against (the network's check answers it). */
    public CheckResponse withBackward(List<?> backward) {
        return new CheckResponse(correct, score, checked, matched, results, firstWrongGradient, firstWrongValue, backward);
    }

    /**
     * @param verdict       correct, wrong, wrong-shape, not-a-number, missing or unknown; for formulas
     *                      equivalent, not-equivalent, not-a-formula or undefined
     * @param formula       for a formula answer: points checked and agreed, a counterexample or the syntax error
     * @param likelyMistake for a wrong gradient: the slip that explains it, when one does
     */
    @Schema(name = "CheckedItem", description = "One submitted item and its verdict")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @Schema(description = "The item, as the submission names it", requiredMode = REQUIRED, example = "nodes.b.gradient") String path,
            @Schema(description = "correct, wrong, wrong-shape, not-a-number, missing or unknown; for a formula equivalent, not-equivalent, "
                    + "not-a-formula or undefined", requiredMode = REQUIRED,
                    allowableValues = {"correct", "equivalent", "not-equivalent", "not-a-formula", "undefined", "wrong", "wrong-shape",
                            "not-a-number", "missing", "unknown"}, example = "wrong") String verdict,
            @Schema(ref = NumberSchemas.TENSOR, description = "The true number or array (absent for unknown)", example = "-12.360007402472986")
            Object expected,
            @Schema(description = "What the student sent, as sent: a number, an array or a formula", example = "12.616420370193309")
            Object submitted,
            @Schema(ref = NumberSchemas.REAL, description = "|submitted - expected| (for an array, of its worst element)", example = "24.976427772666295")
            Double absoluteError,
            @Schema(ref = NumberSchemas.REAL, description = "|submitted - expected| / |expected| (for an array, of its worst element)",
                    example = "2.0207453733133702") Double relativeError,
            @Schema(description = "For an array: how many elements are wrong", example = "6") Integer wrongElements,
            @Schema(description = "For an array: how many elements it has", example = "6") Integer elements,
            @Schema(description = "For an array: the element with the largest error beyond the tolerance") ItemResult.ElementError worst,
            @Schema(description = "For an array: the first few wrong elements, in row-major order") List<ItemResult.ElementError> firstWrong,
            @Schema(description = "Why the item is not right, in words a student can act on",
                    example = "nodes.b.gradient is off by 24.976427772666295") String message,
            @Schema(description = "For a formula answer: points checked and agreed, a counterexample or the syntax error") Formula formula,
            @Schema(description = "For a wrong gradient: the slip that explains it, when one does") LikelyMistake likelyMistake) {
    }

    /**
     * @param pointsChecked  the bindings and the sample points where the truth is finite
     * @param pointsAgreed   of those, where the formula agrees with it within the tolerance
     * @param counterexample the first point where they differ: its bindings, the truth and the formula's value
     * @param error          why the text is not a formula: message, position (0-based), line, column
     * @param valueAtBindings the formula's value at the request's bindings
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FormulaCheck", description = "A formula answer evaluated against the truth at the bindings and at fixed sample points")
    public record Formula(
            @Schema(description = "The formula as sent", requiredMode = REQUIRED, example = "-a/b^2 + cos(b)/a") String formula,
            @Schema(description = "The bindings and the sample points where the truth is finite", requiredMode = REQUIRED, example = "9")
            int pointsChecked,
            @Schema(description = "Of those, the points where the formula agrees within the tolerance", requiredMode = REQUIRED, example = "9")
            int pointsAgreed,
            @Schema(description = "The first point where they differ: its bindings, the truth and the formula's value")
            FormulaCheck.Counterexample counterexample,
            @Schema(description = "Why the text is not a formula") Error error,
            @Schema(ref = NumberSchemas.REAL, description = "The formula's value at the request's bindings", example = "-12.360007402472986")
            Double valueAtBindings) {

        @Schema(name = "FormulaError", description = "Why a submitted text is not a formula, and where")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Error(
                @Schema(description = "What is wrong", requiredMode = REQUIRED, example = "the expression ends where a number, a name or '(' was expected")
                String message,
                @Schema(description = "0-based offset in the formula", example = "3") Integer position,
                @Schema(description = "1-based line", example = "1") Integer line,
                @Schema(description = "1-based column", example = "4") Integer column) {
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
    @Schema(name = "LikelyMistake", description = "The slip that most likely explains a wrong gradient, read off the true backward terms")
    public record LikelyMistake(
            @Schema(description = "The kind of slip", requiredMode = REQUIRED,
                    allowableValues = {"sign-flipped", "off-by-factor", "missing-term", "extra-term", "local-derivative-wrong"},
                    example = "local-derivative-wrong") String kind,
            @Schema(description = "The consumer whose term is at fault", example = "e") String consumer,
            @Schema(description = "The factor the sum (or the one local derivative) is off by", example = "-1") Double factor,
            @Schema(description = "The true local derivative of the term at fault", example = "-a / b^2") String localDerivative,
            @Schema(description = "The slip in words", requiredMode = REQUIRED,
                    example = "in g_b, the term from e has its local derivative's sign flipped: ∂e/∂b is -a / b^2, not +a / b^2") String explanation) {

        static LikelyMistake of(Diagnosis d) {
            return d == null ? null : new LikelyMistake(d.kind().wireName(), d.consumer(), d.factor(), d.localDerivative(), d.explanation());
        }
    }

    @Schema(name = "Mistake", description = "Where the first mistake is: a node, its true and submitted numbers, and the right derivation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mistake(
            @Schema(description = "The node", requiredMode = REQUIRED, example = "b") String node,
            @Schema(description = "The submitted item at that node", requiredMode = REQUIRED, example = "nodes.b.gradient") String path,
            @Schema(ref = NumberSchemas.TENSOR, description = "The true number or array", requiredMode = REQUIRED, example = "-12.360007402472986")
            Object expected,
            @Schema(description = "What the student sent", example = "12.616420370193309") Object submitted,
            @Schema(description = "The right derivation, as the note writes it", example = "g_b = g_e · (-a / b^2) + g_c · (cos(b)) = 1 · -12.4882 + 0.166667 · 0.769239 = -12.36")
            String derivation,
            @Schema(description = "The mistake in words", example = "the gradient of b is the first wrong one in backward order; every gradient it is made from that was submitted is right, "
                    + "so look at how g_b is formed") String message,
            @Schema(description = "The slip that explains it, when one does") LikelyMistake likelyMistake) {

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
                Mistake.of(r.firstWrongValue()), null);
    }
}
