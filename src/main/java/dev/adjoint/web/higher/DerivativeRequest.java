package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The gradient request's fields; {@code order: 2} adds the second derivatives. */
@Schema(description = "An expression or a program: its derivatives as formulas of this language and LaTeX")
public record DerivativeRequest(
        @Schema(description = "Infix expression (send it or program)", example = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)") String expression,
        @Schema(description = "One assignment per line (or separated by ';'); send it or expression", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f") String program,
        @Schema(description = "Value of every free variable (names the variables; the formulas hold everywhere)",
                example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class) Map<String, Binding> bindings,
        @Schema(description = "Variables to differentiate with respect to; default: all bindings", example = "[\"x\", \"z\"]") List<String> wrt,
        @Schema(description = "Program form only: the output; default: the last name assigned", example = "y") String output,
        @Schema(description = "1 (default) or 2: also the second derivatives", defaultValue = "1", minimum = "1", maximum = "2", example = "2") Integer order) {

    ExpressionRequest gradientRequest() {
        return new ExpressionRequest(expression, program, bindings, wrt, output, null);
    }
}
