package dev.adjoint.web.higher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.expression.HigherOrder;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * @param derivatives for each variable of wrt, d output / d variable as formulas
 * @param second      with order 2: d² output / d row d column, by row then column
 */
@Schema(name = "DerivativeResponse", description = "Derivatives as simplified formulas of this language (sendable back with the same bindings) and LaTeX")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DerivativeResponse(
        @Schema(description = "Id of the differentiated node", requiredMode = REQUIRED, example = "y") String output,
        @Schema(description = "For each variable of wrt, d output / d variable", requiredMode = REQUIRED,
                example = "{\"z\": {\"expression\": \"x^2\", \"program\": \"g_z = x^2\", \"latex\": \"x^{2}\"}}")
        Map<String, Formula> derivatives,
        @Schema(description = "With order 2: d² output / d row d column, by row variable then column variable",
                example = "{\"z\": {\"z\": {\"expression\": \"0\", \"program\": \"h_z_z = 0\", \"latex\": \"0\"}}}")
        Map<String, Map<String, Formula>> second) {

    /**
     * @param expression the formula on one line; absent when it is longer than the configured size
     * @param program    the formula with shared parts named, one per line, the derivative last: always present
     * @param latex      the expression in LaTeX, or the program's lines when there is no expression
     */
    @Schema(name = "DerivativeFormula", description = "A derivative as a formula: one line, a program with shared parts named, and LaTeX")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Formula(
            @Schema(description = "The formula on one line; absent when it is longer than the configured size", example = "x^2")
            String expression,
            @Schema(description = "The formula with shared parts named, one per line, the derivative last: always present",
                    requiredMode = REQUIRED, example = "g_z = x^2") String program,
            @Schema(description = "The expression in LaTeX, or the program's lines when there is no expression", requiredMode = REQUIRED,
                    example = "x^{2}") String latex) {
        static Formula of(HigherOrder.Formula f) {
            return new Formula(f.expression(), f.program(), f.latex());
        }
    }

    static DerivativeResponse of(String output, HigherOrder.Derivatives d) {
        Map<String, Formula> first = new LinkedHashMap<>();
        d.first().forEach((v, f) -> first.put(v, Formula.of(f)));
        Map<String, Map<String, Formula>> second = null;
        if (d.second() != null) {
            second = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, HigherOrder.Formula>> row : d.second().entrySet()) {
                Map<String, Formula> r = new LinkedHashMap<>();
                row.getValue().forEach((v, f) -> r.put(v, Formula.of(f)));
                second.put(row.getKey(), r);
            }
        }
        return new DerivativeResponse(output, first, second);
    }
}
