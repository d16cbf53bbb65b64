package dev.adjoint.network;

/**
 * One training example.
 *
 * @param x      the input, D_0 values
 * @param label  a single number target (a class index for cross-entropy, a 0/1 label for
 *               binary cross-entropy), or null
 * @param target a vector target (probabilities, or regression targets), or null; exactly one of
 *               label and target is set
 */
public record Example(double[] x, Double label, double[] target) {
}
