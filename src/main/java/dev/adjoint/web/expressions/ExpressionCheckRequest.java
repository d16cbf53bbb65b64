package dev.adjoint.web.expressions;

import dev.adjoint.web.grading.ToleranceRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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
        @Schema(description = "Infix expression (send it or program)", example = "sin(x^2)") String expression,
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f") String program,
        @Schema(description = "Value of every free variable: a number, a vector or a matrix", example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class) Map<String, Binding> bindings,
        @Schema(description = "Variables to differentiate with respect to; default: all bindings", example = "[\"x\", \"z\"]") List<String> wrt,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one", example = "y") String output,
        @Schema(description = "The student's answers, any of: value (a number), gradient {variable: a number, a list, a list of rows, or a "
                + "formula over the variables (and a program's names)}, nodes {id: {value, gradient}}", requiredMode = REQUIRED,
                example = "{\"gradient\": {\"x\": \"2*x*cos(x^2)\"}, \"nodes\": {\"b\": {\"gradient\": 12.616420370193309}}}")
        Map<String, Object> submission,
        @Schema(description = "How close a number must be to count as right; default relative 1e-5, absolute 1e-8") ToleranceRequest tolerance,
        @Schema(description = "Result shape: adjoint (default), gradescope (results.json) or prairielearn (external grading results)",
                allowableValues = {"adjoint", "gradescope", "prairielearn"}, defaultValue = "adjoint", example = "gradescope")
        String format,
        @Schema(description = "Points per item path for the platform formats (default 1 each)", example = "{\"gradient.x\": 2, \"nodes.b.gradient\": 1}")
        Map<String, Double> points) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, false);
    }
}
