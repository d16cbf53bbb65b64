package dev.adjoint.network;

/**
 * Size limits for networks, checked before the graph and its tensors are allocated.
 *
 * @param maxParameters   weights and biases in one network
 * @param maxExamples     examples in one request (the batch of a gradient request)
 * @param maxTrainingWork    examples x epochs x (parameters + a step's fixed cost) of one training run
 * @param maxRecordedLosses  epochs of a training run, and recorded step losses (each is one number in the answer)
 */
public record NetworkLimits(long maxParameters, int maxExamples, long maxTrainingWork, int maxRecordedLosses) {
}
