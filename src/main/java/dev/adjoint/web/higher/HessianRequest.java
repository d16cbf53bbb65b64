package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The gradient request's fields; with {@code vector}, a Hessian-vector product instead of the matrix. */
@Schema(description = "An expression or a program with a one-element output; optional vector for H·v")
public record HessianRequest(
        @Schema(description = "Infix expression") String expression,
        @Schema(description = "One assignment per line (or separated by ';')") String program,
        @Schema(description = "Value of every free variable: a number, a vector or a matrix", example = "{\"x\": 2, \"z\": 3}") Map<String, Binding> bindings,
        @Schema(description = "Variables (rows and columns); default: all bindings, in their order") List<String> wrt,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one") String output,
        @Schema(description = "One entry per variable of wrt, each of the variable's shape: answer hvp = H·vector without forming H") Map<String, Binding> vector) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, null);
    }
}
