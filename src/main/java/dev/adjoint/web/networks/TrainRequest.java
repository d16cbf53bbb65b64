package dev.adjoint.web.networks;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The lecture note's SGD loop: a network, examples, and how to step.
 *
 * @param batchSize   examples per update; 1 (the default) is the note's per-example update
 * @param order       {@code given} (default) or {@code shuffled} (a new permutation each epoch, from {@code seed})
 * @param recordSteps also return the loss of every step
 */
@Schema(description = "Train a network by SGD")
public record TrainRequest(
        String weightLayout,
        List<NetworkRequest.LayerRequest> layers,
        String loss,
        List<NetworkRequest.ExampleRequest> examples,
        @Schema(description = "Step size: each parameter moves by -learningRate * gradient", example = "0.5") Double learningRate,
        @Schema(example = "100") Integer epochs,
        @Schema(description = "Examples per update; 1 is the note's per-example SGD", defaultValue = "1") Integer batchSize,
        @Schema(description = "given or shuffled", defaultValue = "given") String order,
        @Schema(description = "Seed of the shuffle", defaultValue = "0") Long seed,
        @Schema(description = "Also return the loss of every step", defaultValue = "false") Boolean recordSteps) {
}
