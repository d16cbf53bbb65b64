package dev.adjoint.network;

import java.util.List;

/** Layers, their weight layout, and the loss: everything but the data. */
public record Network(WeightLayout layout, List<Layer> layers, Loss loss) {

    /** Weights and biases, counted from the request's arrays. */
    public long parameterCount() {
        long count = 0;
        for (Layer layer : layers) {
            if (layer == null || layer.weights() == null) {
                continue; // reported by validation, after the limits
            }
            for (double[] row : layer.weights()) {
                count += row == null ? 0 : row.length;
            }
            count += layer.bias() == null ? 0 : layer.bias().length;
        }
        return count;
    }
}
