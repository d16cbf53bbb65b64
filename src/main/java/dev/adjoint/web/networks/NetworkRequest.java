package dev.adjoint.web.networks;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A network, its loss, and one {@code example} or a list of {@code examples} (API.md section 2).
 *
 * @param weightLayout {@code in_out} (default, the note's alpha: D_in x D_out, u = Wᵀz) or {@code out_in} (PyTorch's nn.Linear)
 */
@Schema(description = "A network, a loss, and one example or several")
public record NetworkRequest(
        @Schema(description = "in_out (default; the note's alpha, D_in x D_out, u = W^T z) or out_in (PyTorch nn.Linear, D_out x D_in)")
        String weightLayout,
        List<LayerRequest> layers,
        @Schema(description = "binary_cross_entropy, cross_entropy or squared_error")
        String loss,
        ExampleRequest example,
        List<ExampleRequest> examples,
        @Schema(description = "Also check gradients against float64 central differences (a fixed sample of elements)", defaultValue = "false")
        Boolean verify) {

    /**
     * @param bias       optional, one per output
     * @param activation sigmoid, tanh, relu, linear or softmax
     */
    public record LayerRequest(double[][] weights, double[] bias, String activation) {
    }

    /** @param y a number (a 0/1 label, or a class index for cross_entropy) or a list of numbers */
    public record ExampleRequest(double[] x,
                                 @Schema(description = "A number (0/1 label, or class index for cross_entropy) or a list of numbers", oneOf = {Double.class, double[].class})
                                 Object y) {
    }
}
