package dev.adjoint.network;

/**
 * One layer as the request wrote it.
 *
 * @param weights in the request's {@link WeightLayout}
 * @param bias    one per output, or null (the note leaves intercepts out)
 */
public record Layer(double[][] weights, double[] bias, Activation activation) {
}
