package dev.adjoint.network;

import java.util.List;

/**
 * @param layers      the trained weights (in the request's layout) and biases
 * @param epochLosses the mean loss over all examples after each epoch
 * @param stepLosses  the loss of each step's batch before its update, or null when not asked for
 * @param steps       the number of parameter updates made
 */
public record TrainingResult(List<TrainedLayer> layers, double[] epochLosses, double[] stepLosses, int steps) {

    /** @param bias null where the layer has none */
    public record TrainedLayer(double[][] weights, double[] bias) {
    }
}
