package dev.adjoint.web.expressions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f")
        String program,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one", example = "y")
        String output,
        @Schema(description = "Variables to differentiate with respect to; default: all variables", example = "[\"x\", \"z\"]")
        List<String> wrt,
        @Schema(description = "Variables with the same value for every student", example = "{\"z\": 3}")
        Map<String, Double> bindings,
        @Schema(description = "Identifies the student; the same seed always gets the same values", requiredMode = REQUIRED, example = "s1234567")
        String seed,
        @Schema(description = "Per variable drawn for each student: min, max and an optional step (values min, min + step, ... up to max)",
                requiredMode = REQUIRED, example = "{\"x\": {\"min\": 1.5, \"max\": 3, \"step\": 0.5}}")
        Map<String, RangeRequest> ranges) {

    /** @param step grid spacing; without one, any double in [min, max] */
    @Schema(name = "RangeRequest", description = "Where a variable's value is drawn: min <= value <= max; with step, value = min + k * step")
    public record RangeRequest(
            @Schema(description = "The smallest value (finite)", requiredMode = REQUIRED, example = "1.5") Double min,
            @Schema(description = "The largest value (finite, >= min)", requiredMode = REQUIRED, example = "3") Double max,
            @Schema(description = "Grid spacing (> 0); without it, any double in [min, max]", example = "0.5") Double step) {
    }
}
