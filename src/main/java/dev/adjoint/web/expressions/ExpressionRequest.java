package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.web.problems.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly one of {@code expression} or {@code program}, with values for its variables.
 *
 * @param bindings variable values; a bound variable the text never uses has gradient 0
 * @param wrt      variables to differentiate with respect to; default all bindings
 * @param output   (programs) the name to differentiate; default the last one assigned
 * @param verify   also check the gradients by central differences
 */
@Schema(description = "An expression or a program of named steps, and values for its variables")
public record ExpressionRequest(
        @Schema(description = "Infix expression, e.g. exp(x*z) + x*z/log(x)", example = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)")
        String expression,
        @Schema(description = "One assignment per line (or separated by ';'): a = x*z", example = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f")
        String program,
        @Schema(description = "Value of every free variable: a number, a vector (list) or a matrix (list of rows)", example = "{\"x\": 2, \"z\": 3}",
                additionalPropertiesSchema = Binding.class)
        Map<String, Binding> bindings,
        @Schema(description = "Variables to differentiate with respect to; default: all bindings", example = "[\"x\", \"z\"]")
        List<String> wrt,
        @Schema(description = "Program form only: the assigned name to differentiate; default: the last one", example = "y")
        String output,
        @Schema(description = "Also check every gradient against float64 central differences", defaultValue = "false", example = "true")
        Boolean verify) {

    /**
     * Whether {@code name} matches {@code [\p{L}_][\p{L}\p{Nd}_]*} (a letter or _, then letters, decimal
     * digits and _), by code point as the regex reads it: {@code \p{L}} is {@link Character#isLetter(int)},
     * {@code \p{Nd}} is {@link Character#isDigit(int)}. A loop rather than the regex because every
     * request is validated twice (its cost, then its compile) and a batch holds a thousand requests.
     */
    static boolean isVariableName(String name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; ) {
            int c = name.codePointAt(i);
            if (!(c == '_' || Character.isLetter(c) || (i > 0 && Character.isDigit(c)))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    public Map<String, Binding> bindingsOrEmpty() {
        return bindings == null ? Map.of() : bindings;
    }

    /** Field rules Bean Validation cannot say in one annotation: one of two fields, names that can be written. */
    public void validate(int maxBindings) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        boolean hasExpression = expression != null;
        boolean hasProgram = program != null;
        if (hasExpression == hasProgram) {
            errors.add(new InvalidRequestException.FieldError(hasExpression ? "program" : "expression",
                    hasExpression ? "send either expression or program, not both"
                            : "send an expression (\"expression\": \"x * z\") or a program (\"program\": \"a = x * z\")"));
        }
        if (output != null && !hasProgram) {
            errors.add(new InvalidRequestException.FieldError("output", "output names a step of a program; an expression has one output"));
        }
        bindingsOrEmpty().forEach((name, value) -> {
            if (!isVariableName(name)) {
                errors.add(new InvalidRequestException.FieldError("bindings." + name,
                        "'" + name + "' is not a variable name: use letters, digits and _, not starting with a digit"));
            }
            if (value == null) {
                errors.add(new InvalidRequestException.FieldError("bindings." + name, "'" + name + "' is bound to null; give it a number"));
            } else if (value.problem(name) != null) {
                errors.add(value.problem(name));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (bindingsOrEmpty().size() > maxBindings) {
            throw new dev.adjoint.autodiff.LimitExceededException("bindings", maxBindings, bindingsOrEmpty().size(),
                    "the request binds " + bindingsOrEmpty().size() + " variables; the limit is " + maxBindings);
        }
    }

    /**
     * Validated, then compiled by the language's rules with the bindings' shapes: what every
     * expression endpoint does first. {@code oneElement} false lets the output have any shape (a
     * Jacobian's or a JVP's).
     */
    public CompiledExpression compile(ExpressionCompiler compiler, int maxBindings, boolean oneElement) {
        validate(maxBindings);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        bindingsOrEmpty().forEach((name, value) -> shapes.put(name, value.shape()));
        return expression != null
                ? compiler.expression(expression, shapes, wrt, oneElement)
                : compiler.program(program, shapes, output, wrt, oneElement);
    }

    /** The bindings as the sweeps take them. */
    public Map<String, Tensor> inputs() {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        bindingsOrEmpty().forEach((name, value) -> inputs.put(name, value.tensor()));
        return inputs;
    }
}
