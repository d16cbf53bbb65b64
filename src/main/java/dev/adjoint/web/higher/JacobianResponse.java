package dev.adjoint.web.higher;

import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.HigherOrder;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * @param jacobian d output / d variable, by output then variable: a number when both are scalars, else a matrix
 *                 [elements of the output, elements of the variable], both flattened row-major
 * @param mode     {@code reverse} (one sweep per output) or {@code forward} (one sweep per variable element), whichever side has fewer elements
 */
@Schema(name = "JacobianResponse", description = "The Jacobian of the named outputs with respect to the variables")
public record JacobianResponse(
        @Schema(description = "The differentiated nodes (rows)", requiredMode = REQUIRED, example = "[\"a\", \"e\", \"y\"]") List<String> outputs,
        @Schema(description = "The variables (columns)", requiredMode = REQUIRED, example = "[\"x\", \"z\"]") List<String> variables,
        @Schema(description = "d output / d variable, by output then variable: a number when both are scalars, else a matrix [elements of "
                + "the output, elements of the variable], both flattened row-major", requiredMode = REQUIRED,
                example = "{\"a\": {\"x\": 3.0, \"z\": 2.0}, \"e\": {\"x\": -1.9160218203499344, \"z\": 2.8853900817779268}, \"y\": {\"x\": 1208.3812151266095, \"z\": 809.707479218564}}")
        Map<String, Map<String, Object>> jacobian,
        @Schema(description = "reverse: one sweep per output element; forward: one sweep per variable element (whichever is fewer)",
                requiredMode = REQUIRED, allowableValues = {"reverse", "forward"}, example = "forward") String mode,
        @Schema(description = "The first non-finite value and gradient, if any, and why", requiredMode = REQUIRED) List<Warning> warnings) {

    static JacobianResponse of(HigherOrder.Jacobian j) {
        return new JacobianResponse(j.outputs(), j.variables(), j.jacobian(), j.mode().name().toLowerCase(Locale.ROOT), j.warnings());
    }
}
