package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The gradient request's fields and the direction to move the variables in. */
@Schema(description = "An expression or a program, and a tangent for each variable: forward mode")
public record JvpRequest(
        @Schema(description = "Infix expression (send it or program)", example = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)") String expression,
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f") String program,
        @Schema(description = "Value of every free variable: a number, a vector or a matrix", example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class) Map<String, Binding> bindings,
        @Schema(description = "Variables that move; default: all bindings", example = "[\"x\", \"z\"]") List<String> wrt,
        @Schema(description = "Program form only: the output; default: the last name assigned", example = "y") String output,
        @Schema(description = "One entry per variable of wrt, each of the variable's shape: the direction", requiredMode = REQUIRED,
                additionalPropertiesSchema = Binding.class, example = "{\"x\": 1, \"z\": 0}") Map<String, Binding> tangents) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, null);
    }
}
