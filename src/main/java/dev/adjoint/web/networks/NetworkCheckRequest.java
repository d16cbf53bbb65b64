package dev.adjoint.web.networks;

import dev.adjoint.web.grading.ToleranceRequest;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A network gradient request plus a student's answers.
 *
 * @param submission any of {@code loss}, {@code predictions}, {@code layers: [{weights, bias}]} (weight
 *                   gradients in the request's layout), {@code x} (input gradient rows),
 *                   {@code nodes: {u1: {value, gradient}}}
 */
@Schema(description = "The same request as /networks/gradient, plus a submission to grade and a tolerance")
public record NetworkCheckRequest(
        String weightLayout,
        List<NetworkRequest.LayerRequest> layers,
        String loss,
        NetworkRequest.ExampleRequest example,
        List<NetworkRequest.ExampleRequest> examples,
        @Schema(description = "Any of: loss, predictions, layers [{weights, bias}] (gradients), x (input gradient rows), nodes {id: {value, gradient}}")
        Map<String, Object> submission,
        ToleranceRequest tolerance,
        @Schema(description = "Result shape: adjoint (default), gradescope (results.json) or prairielearn (external grading results)",
                allowableValues = {"adjoint", "gradescope", "prairielearn"})
        String format,
        @Schema(description = "Points per item path for the platform formats (default 1 each), e.g. {\"gradient.x\": 2}")
        Map<String, Double> points) {

    NetworkRequest gradientRequest() {
        return new NetworkRequest(weightLayout, layers, loss, example, examples, false);
    }
}
