package dev.adjoint.web.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.network.TrainingResult;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * @param epochLosses mean loss over all examples after each epoch
 * @param stepLosses  each step's batch loss before its update; present when recordSteps was true
 */
@Schema(description = "The trained layers (same layout as the request) and the loss curve")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainResponse(List<Layer> layers, double[] epochLosses, double[] stepLosses, int steps) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Layer(double[][] weights, double[] bias) {
    }

    static TrainResponse of(TrainingResult r) {
        return new TrainResponse(r.layers().stream().map(l -> new Layer(l.weights(), l.bias())).toList(),
                r.epochLosses(), r.stepLosses(), r.steps());
    }
}
