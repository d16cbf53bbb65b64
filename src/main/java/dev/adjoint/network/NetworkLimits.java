package dev.adjoint.network;

/**
 * Size limits for networks, checked before the graph and its tensors are allocated.
 *
 * @param maxParameters   weights and biases in one network
 * @param maxExamples     examples in one request (the batch of a gradient request)
 * @param maxActivations  examples x layer widths (see {@link NetworkCost})
 * @param maxTrainingWork    a training run's work (see {@link NetworkCost})
 * @param maxRecordedLosses  epochs of a training run, and recorded step losses (each is one number in the answer)
 */
public record NetworkLimits(long maxParameters, int maxExamples, long maxActivations, long maxTrainingWork, int maxRecordedLosses) {
}
