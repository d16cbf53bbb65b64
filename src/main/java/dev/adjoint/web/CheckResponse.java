package dev.adjoint.web;

import com.fasterxml.jackson.annotation.JsonInclude;
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
                            GradingReport.Mistake firstWrongGradient, GradingReport.Mistake firstWrongValue) {

    /** @param verdict correct, wrong, wrong-shape, not-a-number, missing or unknown */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String path, String verdict, Object expected, Object submitted, Double absoluteError, Double relativeError,
                       Integer wrongElements, Integer elements, ItemResult.ElementError worst, List<ItemResult.ElementError> firstWrong,
                       String message) {
    }

    static CheckResponse of(GradingReport r) {
        List<Item> items = r.results().stream().map(i -> new Item(i.path(), i.verdict().wireName(), i.expected(), i.submitted(),
                i.absoluteError(), i.relativeError(), i.wrongElements(), i.elements(), i.worst(), i.firstWrong(), i.message())).toList();
        return new CheckResponse(r.correct(), r.score(), r.checked(), r.matched(), items, r.firstWrongGradient(), r.firstWrongValue());
    }
}
