package dev.adjoint.network;

/**
 * Size limits for networks, checked before the graph and its tensors are allocated.
 *
 * @param maxParameters   weights and biases in one network
 * @param maxExamples     examples in one request (the batch of a gradient request)
 * @param maxTrainingWork examples x epochs x parameters of one training run
 */
public record NetworkLimits(long maxParameters, int maxExamples, long maxTrainingWork) {
}
