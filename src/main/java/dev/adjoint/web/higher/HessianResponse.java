package dev.adjoint.web.higher;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.platform.NumberSchemas;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * @param gradient  by variable, each of the variable's shape
 * @param variables one name per row and column of {@code hessian}: the elements of wrt's variables, row-major
 *                  ({@code x}, {@code v[2]}, {@code A[1,0]})
 * @param hessian   the symmetric matrix of second derivatives (absent when a vector was sent)
 * @param hvp       the Hessian times the request's vector, by variable, each of its shape (only when a vector was sent)
 */
@Schema(name = "HessianResponse", description = "Value, gradient, and the Hessian or a Hessian-vector product")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HessianResponse(
        @Schema(description = "Id of the differentiated node", requiredMode = REQUIRED, example = "y") String output,
        @Schema(ref = NumberSchemas.REAL, description = "The output's one number", requiredMode = REQUIRED, example = "412.19145728412116")
        double value,
        @Schema(description = "d output / d variable for every variable of wrt, each in the variable's shape", requiredMode = REQUIRED,
                additionalPropertiesSchema = Binding.class, example = "{\"x\": 1208.3812151266095, \"z\": 809.707479218564}")
        Map<String, Object> gradient,
        @Schema(description = "One name per row and column of hessian: the elements of wrt's variables, row-major (absent when a "
                + "vector was sent)",
                example = "[\"x\", \"z\"]") List<String> variables,
        @Schema(ref = NumberSchemas.MATRIX, description = "The symmetric matrix of second derivatives, rows and columns as variables (absent "
                + "when a vector was sent)", example = "[[3636.675898608421, 2823.359261686111], [2823.359261686111, 1613.7388392033965]]") double[][] hessian,
        @Schema(description = "The Hessian times the request's vector, by variable, each of its shape (only when a vector was sent)",
                additionalPropertiesSchema = Binding.class, example = "{\"x\": 813.3166369223097, \"z\": 1209.6204224827145}") Map<String, Object> hvp,
        @Schema(description = "The first non-finite value and gradient, if any, and why", requiredMode = REQUIRED) List<Warning> warnings) {
}
