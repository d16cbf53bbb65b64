package dev.adjoint.web.higher;

import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.HigherOrder;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * @param jacobian d output / d variable, by output then variable: a number when both are scalars, else a matrix
 *                 [elements of the output, elements of the variable], both flattened row-major
 * @param mode     {@code reverse} (one sweep per output) or {@code forward} (one sweep per variable element), whichever side has fewer elements
 */
@Schema(description = "The Jacobian of the named outputs with respect to the variables")
public record JacobianResponse(List<String> outputs, List<String> variables, Map<String, Map<String, Object>> jacobian,
                               String mode, List<Warning> warnings) {

    static JacobianResponse of(HigherOrder.Jacobian j) {
        return new JacobianResponse(j.outputs(), j.variables(), j.jacobian(), j.mode().name().toLowerCase(Locale.ROOT), j.warnings());
    }
}
