package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The gradient request's fields; with {@code vector}, a Hessian-vector product instead of the matrix. */
@Schema(description = "An expression or a program with a one-element output; optional vector for H·v")
public record HessianRequest(
        @Schema(description = "Infix expression (send it or program)", example = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)") String expression,
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f") String program,
        @Schema(description = "Value of every free variable: a number, a vector or a matrix", example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class) Map<String, Binding> bindings,
        @Schema(description = "Variables (rows and columns); default: all bindings, in their order", example = "[\"x\", \"z\"]") List<String> wrt,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one", example = "y") String output,
        @Schema(description = "One entry per variable of wrt, each of the variable's shape: answer hvp = H·vector without forming H",
                additionalPropertiesSchema = Binding.class, example = "{\"x\": 1, \"z\": -1}") Map<String, Binding> vector) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, null);
    }
}
