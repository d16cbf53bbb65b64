package dev.adjoint.web.networks;

import dev.adjoint.web.platform.NumberSchemas;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.network.TrainingResult;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * @param epochLosses mean loss over all examples after each epoch
 * @param stepLosses  each step's batch loss before its update; present when recordSteps was true
 */
@Schema(name = "TrainResponse", description = "The trained layers (same layout as the request) and the loss curve")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainResponse(
        @Schema(description = "The trained weights and biases, one per layer, in the request's layout", requiredMode = REQUIRED)
        List<LayerWeights> layers,
        @Schema(ref = NumberSchemas.VECTOR, description = "Mean loss over all examples after each epoch", requiredMode = REQUIRED,
                example = "[0.6, 0.41, 0.3]") double[] epochLosses,
        @Schema(ref = NumberSchemas.VECTOR, description = "Each step's batch loss before its update; present when recordSteps was true",
                example = "[0.69, 0.62]") double[] stepLosses,
        @Schema(description = "Parameter updates made", requiredMode = REQUIRED, example = "800") int steps) {

    static TrainResponse of(TrainingResult r) {
        return new TrainResponse(r.layers().stream().map(l -> new LayerWeights(l.weights(), l.bias())).toList(),
                r.epochLosses(), r.stepLosses(), r.steps());
    }
}
