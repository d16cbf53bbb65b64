package dev.adjoint.web.higher;

import dev.adjoint.web.Binding;
import dev.adjoint.web.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The gradient request's fields and the direction to move the variables in. */
@Schema(description = "An expression or a program, and a tangent for each variable: forward mode")
public record JvpRequest(
        @Schema(description = "Infix expression") String expression,
        @Schema(description = "One assignment per line (or separated by ';')") String program,
        @Schema(description = "Value of every free variable", example = "{\"x\": 2, \"z\": 3}") Map<String, Double> bindings,
        @Schema(description = "Variables that move; default: all bindings") List<String> wrt,
        @Schema(description = "Program form only: the output; default: the last name assigned") String output,
        @Schema(description = "One number per variable of wrt: the direction", example = "{\"x\": 1, \"z\": 0}") Map<String, Double> tangents) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, Binding.ofNumbers(bindings == null ? Map.of() : bindings), wrt, output, null);
    }
}
