package dev.adjoint.web.higher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * @param gradient  by variable, each of the variable's shape
 * @param variables one name per row and column of {@code hessian}: the elements of wrt's variables, row-major
 *                  ({@code x}, {@code v[2]}, {@code A[1,0]})
 * @param hessian   the symmetric matrix of second derivatives (absent when a vector was sent)
 * @param hvp       the Hessian times the request's vector, by variable, each of its shape (only when a vector was sent)
 */
@Schema(description = "Value, gradient, and the Hessian or a Hessian-vector product")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HessianResponse(String output, double value, Map<String, Object> gradient, List<String> variables,
                              double[][] hessian, Map<String, Object> hvp, List<Warning> warnings) {
}
