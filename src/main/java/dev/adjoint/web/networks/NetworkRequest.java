package dev.adjoint.web.networks;

import dev.adjoint.web.platform.NumberSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A network, its loss, and one {@code example} or a list of {@code examples} (API.md section 2).
 *
 * @param weightLayout {@code in_out} (default, the note's alpha: D_in x D_out, u = Wᵀz) or {@code out_in} (PyTorch's nn.Linear)
 */
@Schema(name = "NetworkRequest", description = "A network, a loss, and one example or several")
public record NetworkRequest(
        @Schema(description = "in_out (default; the note's alpha, D_in x D_out, u = W^T z) or out_in (PyTorch nn.Linear, D_out x D_in)",
                allowableValues = {"in_out", "out_in"}, defaultValue = "in_out", example = "in_out")
        String weightLayout,
        @Schema(description = "The layers from input to output", requiredMode = REQUIRED)
        List<LayerRequest> layers,
        @Schema(description = "The loss J of the last layer's output and y", requiredMode = REQUIRED,
                allowableValues = {"binary_cross_entropy", "cross_entropy", "squared_error"}, example = "binary_cross_entropy")
        String loss,
        @Schema(description = "One example (send it or examples)")
        ExampleRequest example,
        @Schema(description = "Several examples, one row each in the trace; the loss is their mean (send it or example)")
        List<ExampleRequest> examples,
        @Schema(description = "Also check gradients against float64 central differences (a fixed sample of elements)", defaultValue = "false",
                example = "true")
        Boolean verify) {

    /**
     * @param bias       optional, one per output
     * @param activation sigmoid, tanh, relu, linear or softmax
     */
    @Schema(name = "LayerRequest", description = "A dense layer: u = W^T z (+ b), then the activation")
    public record LayerRequest(
            @Schema(ref = NumberSchemas.MATRIX, description = "The weight matrix in the request's weightLayout", requiredMode = REQUIRED,
                    example = "[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]") double[][] weights,
            @Schema(ref = NumberSchemas.VECTOR, description = "Optional, one per output", example = "[0.1, 0.0]") double[] bias,
            @Schema(description = "The activation applied to u", requiredMode = REQUIRED,
                    allowableValues = {"sigmoid", "tanh", "relu", "linear", "softmax"}, example = "sigmoid") String activation) {
    }

    /** @param y a number (a 0/1 label, or a class index for cross_entropy) or a list of numbers */
    @Schema(name = "ExampleRequest", description = "One training example: an input and its target")
    public record ExampleRequest(
            @Schema(ref = NumberSchemas.VECTOR, description = "The input, one number per input unit", requiredMode = REQUIRED,
                    example = "[0.602388, -0.041796, 0.098471]") double[] x,
            @Schema(ref = NumberSchemas.TENSOR, description = "The target: a number (a 0/1 label, or a class index for cross_entropy) or a "
                    + "list of numbers, one per output", requiredMode = REQUIRED, example = "1") Object y) {
    }
}
