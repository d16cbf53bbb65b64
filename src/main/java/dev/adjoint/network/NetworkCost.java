package dev.adjoint.network;

import dev.adjoint.autodiff.LimitExceededException;

import java.util.List;

/**
 * What a network request costs, read off the request's arrays before anything is allocated or
 * validated (so ragged or mismatched layers still get a cost; validation reports them afterwards).
 *
 * <ul>
 *   <li>{@code parameters}: weights and biases.</li>
 *   <li>{@code activations}: examples x (D_0 + D_1 + ... + D_L), the elements of x, every layer's
 *       output and the targets; every sweep holds a value and an adjoint per element, and the
 *       answer prints them. (Without this bound one 2M-wide layer with 4 096 examples overflowed
 *       an int and asked for 64 GB.)</li>
 *   <li>{@code trainingWork} (training only): epochs x (examples x (parameters + widths +
 *       {@link #STEP_OVERHEAD}) + (steps per epoch + 1) x layers x {@link #LAYER_OVERHEAD}). The
 *       per-layer term is a sweep's fixed cost per node (a few tensors allocated, an op
 *       dispatched), paid once per step, not per example: 1 000 1x1 layers cost far more than
 *       1 000 parameters suggest.</li>
 * </ul>
 * Arithmetic saturates at Long.MAX_VALUE, so an absurd request is over every limit, never negative.
 */
public record NetworkCost(long parameters, long activations, int layers, long trainingWork) {

    /** An example-step's fixed cost in parameter updates (the loss, the batch copy). */
    public static final long STEP_OVERHEAD = 100;
    /**
     * A layer's fixed cost per step in parameter updates. Calibrated with scripts/training-cost.py
     * (BENCHMARKS.md): once warm, 200 1x1 layers, one 100x100 layer and ten 30x30 layers cost
     * 3.7-8.7 ns a unit on a loaded machine, so no shape gets far more time per unit of the limit
     * than another (by parameters alone the deep one was 100 times cheaper than its time).
     */
    public static final long LAYER_OVERHEAD = 250;

    /** The cost of one gradient over {@code examples} examples. */
    public static NetworkCost of(Network network, int examples) {
        return new NetworkCost(network.parameterCount(), times(examples, widthSum(network)), network.layers().size(), 0);
    }

    /** The cost of a training run. */
    public static NetworkCost ofTraining(Network network, int examples, TrainingPlan plan) {
        long parameters = network.parameterCount();
        long widths = widthSum(network);
        int layers = network.layers().size();
        int batch = Math.max(1, Math.min(plan.batchSize(), Math.max(examples, 1)));
        long steps = (examples + batch - 1) / batch;
        long perEpoch = plus(times(examples, plus(plus(parameters, widths), STEP_OVERHEAD)), times(times(steps + 1, layers), LAYER_OVERHEAD));
        return new NetworkCost(parameters, times(examples, widths), layers, times(Math.max(plan.epochs(), 0), perEpoch));
    }

    /** Throws {@link LimitExceededException} for the first limit this cost is over. */
    public void check(NetworkLimits limits, int examples) {
        if (parameters > limits.maxParameters()) {
            throw new LimitExceededException("parameters", limits.maxParameters(), parameters,
                    "the network has " + parameters + " weights and biases; the limit is " + limits.maxParameters());
        }
        if (examples > limits.maxExamples()) {
            throw new LimitExceededException("examples", limits.maxExamples(), examples,
                    "the request has " + examples + " examples; the limit is " + limits.maxExamples());
        }
        if (activations > limits.maxActivations()) {
            throw new LimitExceededException("activations", limits.maxActivations(), activations,
                    "examples x layer widths (inputs, every layer's outputs and the targets) is " + activations
                            + "; the limit is " + limits.maxActivations() + ": send fewer examples or narrower layers");
        }
        if (trainingWork > limits.maxTrainingWork()) {
            throw new LimitExceededException("trainingWork", limits.maxTrainingWork(), trainingWork,
                    "epochs x (examples x (parameters + widths + " + STEP_OVERHEAD + ") + steps x layers x " + LAYER_OVERHEAD + ") is "
                            + trainingWork + "; the limit is " + limits.maxTrainingWork() + ": use fewer epochs, examples or layers, or a smaller network");
        }
    }

    /**
     * D_0 + D_1 + ... + D_L + D_L (the targets), from each layer's declared shape: rows and the
     * first row's length, read in the request's layout.
     */
    static long widthSum(Network network) {
        List<Layer> layers = network.layers();
        WeightLayout layout = network.layout() == null ? WeightLayout.byDefault() : network.layout();
        long sum = 0;
        long last = 0;
        for (int i = 0; i < layers.size(); i++) {
            double[][] w = layers.get(i) == null ? null : layers.get(i).weights();
            long rows = w == null ? 0 : w.length;
            long cols = w == null || w.length == 0 || w[0] == null ? 0 : w[0].length;
            long in = layout.inputs(rows, cols);
            long out = layout.outputs(rows, cols);
            if (i == 0) {
                sum = in;
            }
            sum = plus(sum, out);
            last = out;
        }
        return plus(sum, last);
    }

    static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
