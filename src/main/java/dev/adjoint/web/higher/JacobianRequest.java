package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The gradient request's fields, with {@code outputs} in place of {@code output}. */
@Schema(description = "An expression or a program, values for its variables, and the nodes whose Jacobian to compute")
public record JacobianRequest(
        @Schema(description = "Infix expression (send it or program)", example = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)") String expression,
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f") String program,
        @Schema(description = "Value of every free variable: a number, a vector or a matrix", example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class) Map<String, Binding> bindings,
        @Schema(description = "Variables (columns); default: all bindings, in their order", example = "[\"x\", \"z\"]") List<String> wrt,
        @Schema(description = "Node ids (a program's names, or variables); default: the output", example = "[\"a\", \"b\", \"y\"]") List<String> outputs) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, null, null);
    }
}
