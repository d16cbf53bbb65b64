package dev.adjoint.web.networks;

import dev.adjoint.web.grading.ToleranceRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A network gradient request plus a student's answers.
 *
 * @param submission any of {@code loss}, {@code predictions}, {@code layers: [{weights, bias}]} (weight
 *                   gradients in the request's layout), {@code x} (input gradient rows),
 *                   {@code nodes: {u1: {value, gradient}}}
 */
@Schema(name = "NetworkCheckRequest", description = "The same request as /networks/gradient, plus a submission to grade and a tolerance")
public record NetworkCheckRequest(
        @Schema(description = "in_out (default; the note's alpha, D_in x D_out, u = W^T z) or out_in (PyTorch nn.Linear, D_out x D_in)",
                allowableValues = {"in_out", "out_in"}, defaultValue = "in_out", example = "in_out")
        String weightLayout,
        @Schema(description = "The layers from input to output", requiredMode = REQUIRED)
        List<NetworkRequest.LayerRequest> layers,
        @Schema(description = "The loss J of the last layer's output and y", requiredMode = REQUIRED,
                allowableValues = {"binary_cross_entropy", "cross_entropy", "squared_error"}, example = "binary_cross_entropy")
        String loss,
        @Schema(description = "One example (send it or examples)")
        NetworkRequest.ExampleRequest example,
        @Schema(description = "Several examples, one row each in the trace; the loss is their mean (send it or example)")
        List<NetworkRequest.ExampleRequest> examples,
        @Schema(description = "The student's answers, any of: loss, predictions, layers [{weights, bias}] (gradients, in the request's layout), "
                + "x (input gradient rows), nodes {id: {value, gradient}}", requiredMode = REQUIRED,
                example = "{\"loss\": 0.204293, \"layers\": [{}, {\"weights\": [[-0.14], [-0.16]]}]}")
        Map<String, Object> submission,
        @Schema(description = "How close a number must be to count as right; default relative 1e-5, absolute 1e-8") ToleranceRequest tolerance,
        @Schema(description = "Result shape: adjoint (default), gradescope (results.json) or prairielearn (external grading results)",
                allowableValues = {"adjoint", "gradescope", "prairielearn"}, defaultValue = "adjoint", example = "gradescope")
        String format,
        @Schema(description = "Points per item path for the platform formats (default 1 each)", example = "{\"loss\": 1, \"layers[1].weights\": 3}")
        Map<String, Double> points) {

    NetworkRequest gradientRequest() {
        return new NetworkRequest(weightLayout, layers, loss, example, examples, false);
    }
}
