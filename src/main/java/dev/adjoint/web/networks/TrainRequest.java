package dev.adjoint.web.networks;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The lecture note's SGD loop: a network, examples, and how to step.
 *
 * @param batchSize   examples per update; 1 (the default) is the note's per-example update
 * @param order       {@code given} (default) or {@code shuffled} (a new permutation each epoch, from {@code seed})
 * @param recordSteps also return the loss of every step
 */
@Schema(name = "TrainRequest", description = "Train a network by SGD")
public record TrainRequest(
        @Schema(description = "in_out (default; the note's alpha, D_in x D_out, u = W^T z) or out_in (PyTorch nn.Linear, D_out x D_in)",
                allowableValues = {"in_out", "out_in"}, defaultValue = "in_out", example = "in_out")
        String weightLayout,
        @Schema(description = "The layers from input to output, with their starting weights", requiredMode = REQUIRED)
        List<NetworkRequest.LayerRequest> layers,
        @Schema(description = "The loss J of the last layer's output and y", requiredMode = REQUIRED,
                allowableValues = {"binary_cross_entropy", "cross_entropy", "squared_error"}, example = "binary_cross_entropy")
        String loss,
        @Schema(description = "The training set", requiredMode = REQUIRED) List<NetworkRequest.ExampleRequest> examples,
        @Schema(description = "Step size: each parameter moves by -learningRate * gradient", requiredMode = REQUIRED, example = "0.5")
        Double learningRate,
        @Schema(description = "Passes over the examples", requiredMode = REQUIRED, example = "100") Integer epochs,
        @Schema(description = "Examples per update; 1 is the note's per-example SGD", defaultValue = "1", example = "1") Integer batchSize,
        @Schema(description = "given: the examples in the order sent; shuffled: a new permutation each epoch, from seed",
                allowableValues = {"given", "shuffled"}, defaultValue = "given", example = "shuffled") String order,
        @Schema(description = "Seed of the shuffle", defaultValue = "0", example = "42") Long seed,
        @Schema(description = "Also return the loss of every step (stepLosses)", defaultValue = "false", example = "false") Boolean recordSteps) {
}
