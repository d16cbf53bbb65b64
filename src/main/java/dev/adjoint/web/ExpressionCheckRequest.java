package dev.adjoint.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A gradient request plus a student's answers.
 *
 * @param submission any of {@code value}, {@code gradient: {x: ...}}, {@code nodes: {b: {value, gradient}}}
 */
@Schema(description = "The same request as /expressions/gradient, plus a submission to grade and a tolerance")
public record ExpressionCheckRequest(
        String expression,
        String program,
        Map<String, Binding> bindings,
        List<String> wrt,
        String output,
        @Schema(description = "Any of: value, gradient {variable: number}, nodes {id: {value, gradient}}")
        Map<String, Object> submission,
        ToleranceRequest tolerance) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, false);
    }
}
