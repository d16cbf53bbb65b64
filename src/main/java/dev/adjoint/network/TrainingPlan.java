package dev.adjoint.network;

/**
 * How to run SGD, as the lecture note's loop: for each epoch, take the examples in order (or
 * shuffled with the seed) in batches, and step every parameter by {@code −learningRate · gradient}.
 *
 * @param batchSize   examples per step; 1 is the note's per-example update; larger than the data
 *                    set means the whole set
 * @param shuffle     false: the order given; true: a new permutation each epoch from {@code seed}
 * @param recordSteps also return the loss of every step (its batch, before the step)
 */
public record TrainingPlan(double learningRate, int epochs, int batchSize, boolean shuffle, long seed, boolean recordSteps) {
}
