package dev.adjoint.web.expressions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A problem template and a student's seed: which values of its variables this student gets.
 *
 * @param bindings variables with one value for every student (optional)
 * @param seed     any text that identifies the student (a student id); the same seed gets the same values
 * @param ranges   per variable drawn per student: {@code {"x": {"min": 1, "max": 3, "step": 0.5}}}
 */
@Schema(description = "A problem (expression or program), a seed such as a student id, and a range per variable")
public record InstanceRequest(
        @Schema(description = "Infix expression", example = "sin(x^2) * z")
        String expression,
        @Schema(description = "One assignment per line (or separated by ';')")
        String program,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one")
        String output,
        @Schema(description = "Variables to differentiate with respect to; default: all variables")
        List<String> wrt,
        @Schema(description = "Variables with the same value for every student")
        Map<String, Double> bindings,
        @Schema(description = "Identifies the student; the same seed always gets the same values", example = "s1234567")
        String seed,
        @Schema(description = "Per variable: min, max and an optional step (values min, min + step, ... up to max)")
        Map<String, RangeRequest> ranges) {

    /** @param step grid spacing; without one, any double in [min, max] */
    @Schema(description = "min <= value <= max; with step, value = min + k * step")
    public record RangeRequest(Double min, Double max, Double step) {
    }
}
