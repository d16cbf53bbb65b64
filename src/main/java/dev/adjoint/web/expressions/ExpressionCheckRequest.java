package dev.adjoint.web.expressions;

import dev.adjoint.web.grading.ToleranceRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A gradient request plus a student's answers.
 *
 * @param submission any of {@code value}, {@code gradient: {x: ...}}, {@code nodes: {b: {value, gradient}}}; a gradient
 *                   may be a formula ({@code "2*x*cos(x^2)"}) over the variables and, in a program, node names
 * @param format     the result shape: {@code adjoint} (default), {@code gradescope} or {@code prairielearn}
 * @param points     points per item path for the platform shapes; default 1 each
 */
@Schema(description = "The same request as /expressions/gradient, plus a submission to grade and a tolerance")
public record ExpressionCheckRequest(
        String expression,
        String program,
        Map<String, Binding> bindings,
        List<String> wrt,
        String output,
        @Schema(description = "Any of: value, gradient {variable: number or formula}, nodes {id: {value, gradient (number or formula)}}")
        Map<String, Object> submission,
        ToleranceRequest tolerance,
        @Schema(description = "Result shape: adjoint (default), gradescope (results.json) or prairielearn (external grading results)",
                allowableValues = {"adjoint", "gradescope", "prairielearn"})
        String format,
        @Schema(description = "Points per item path for the platform formats (default 1 each), e.g. {\"gradient.x\": 2}")
        Map<String, Double> points) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, false);
    }
}
