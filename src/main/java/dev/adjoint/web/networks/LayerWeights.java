package dev.adjoint.web.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.web.platform.NumberSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A layer's weight matrix and bias in the request's layout: in a gradient answer, the loss's
 * gradients with respect to them; in a training answer, the trained values. One type for both, as
 * they have one shape and read the same way.
 */
@Schema(name = "LayerWeights", description = "A layer's weight matrix and bias in the request's layout: the loss's gradients with respect "
        + "to them (networks/gradient), or the trained values (networks/train)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerWeights(
        @Schema(ref = NumberSchemas.MATRIX, description = "D_in x D_out (in_out) or D_out x D_in (out_in), as the request's layer",
                requiredMode = REQUIRED, example = "[[-0.011615, -0.007988], [-0.023230, -0.015976], [-0.034845, -0.023964]]")
        double[][] weights,
        @Schema(ref = NumberSchemas.VECTOR, description = "One per output; absent when the request's layer has no bias",
                example = "[-0.11615]")
        double[] bias) {
}
