package dev.adjoint.web.higher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * @param variables one name per row and column of {@code hessian}, the order of wrt
 * @param hessian   the symmetric matrix of second derivatives (absent when a vector was sent)
 * @param hvp       the Hessian times the request's vector, by variable (only when a vector was sent)
 */
@Schema(description = "Value, gradient, and the Hessian or a Hessian-vector product")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HessianResponse(String output, double value, Map<String, Double> gradient, List<String> variables,
                              double[][] hessian, Map<String, Double> hvp, List<Warning> warnings) {
}
