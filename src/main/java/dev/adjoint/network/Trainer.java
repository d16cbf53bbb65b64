package dev.adjoint.network;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Stochastic gradient descent through the same graph and sweeps as a gradient request. The graph
 * is built once; each step binds new parameters and a new batch. Same request, same bits: the order
 * comes from the seed and every sum runs in a fixed order.
 */
public final class Trainer {

    private Trainer() {
    }

    public static TrainingResult train(Network network, List<Example> examples, TrainingPlan plan, NetworkLimits limits) {
        return train(network, examples, plan, limits, Deadline.NONE);
    }

    /** As above, stopping with {@link dev.adjoint.autodiff.DeadlineExceededException} once {@code deadline} passes (checked every step). */
    public static TrainingResult train(Network network, List<Example> examples, TrainingPlan plan, NetworkLimits limits, Deadline deadline) {
        return train(network, examples, plan, limits, deadline, (epoch, loss) -> { });
    }

    /** Told the mean loss over all examples after each epoch (1-based), as the run goes: a progress stream. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, double loss);
    }

    /**
     * Checks a run without starting it: the plan, the size limits and the network with its examples
     * (the problems {@link #train} would throw before its first step), so a caller can answer them
     * before it commits to a streamed answer.
     */
    public static void check(Network network, List<Example> examples, TrainingPlan plan, NetworkLimits limits) {
        checkPlan(plan);
        checkSize(network, examples.size(), plan, limits);
        NetworkGraph.compile(network, examples, false, limits);
    }

    /** As above, telling {@code listener} each epoch's loss as soon as it is known. */
    public static TrainingResult train(Network network, List<Example> examples, TrainingPlan plan, NetworkLimits limits, Deadline deadline,
                                       EpochListener listener) {
        checkPlan(plan);
        checkSize(network, examples.size(), plan, limits);
        NetworkGraph net = NetworkGraph.compile(network, examples, false, limits);
        Set<String> wrt = NetworkGradients.differentiated(net);
        wrt.remove("x");
        Parameters parameters = Parameters.of(network);
        int n = examples.size();
        int batch = Math.min(plan.batchSize(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        double[] epochLosses = new double[plan.epochs()];
        double[] stepLosses = plan.recordSteps() ? new double[plan.epochs() * stepsPerEpoch] : null;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(plan.seed());
        int step = 0;
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            if (plan.shuffle()) {
                shuffle(order, random);
            }
            for (int start = 0; start < n; start += batch) {
                List<Example> slice = new ArrayList<>(batch);
                for (int k = start; k < Math.min(n, start + batch); k++) {
                    slice.add(examples.get(order[k]));
                }
                deadline.check();
                Evaluation e = Evaluation.run(net.graph, net.inputs(parameters, slice), wrt, net.loss, deadline);
                if (stepLosses != null) {
                    stepLosses[step] = e.value(net.loss).item();
                }
                parameters = step(net, parameters, e, plan.learningRate());
                step++;
            }
            epochLosses[epoch] = Evaluation.run(net.graph, net.inputs(parameters, examples), Set.of(), net.loss, deadline).value(net.loss).item();
            listener.epochDone(epoch + 1, epochLosses[epoch]);
        }
        List<TrainingResult.TrainedLayer> layers = new ArrayList<>();
        for (int i = 0; i < parameters.layers(); i++) {
            Tensor b = parameters.bias(i);
            layers.add(new TrainingResult.TrainedLayer(NetworkGradients.rows(parameters.weights(i)),
                    b == null ? null : b.toArray()));
        }
        return new TrainingResult(layers, epochLosses, stepLosses, step);
    }

    private static Parameters step(NetworkGraph net, Parameters p, Evaluation e, double rate) {
        List<Tensor> w = new ArrayList<>();
        List<Tensor> b = new ArrayList<>();
        for (int i = 0; i < p.layers(); i++) {
            w.add(p.weights(i).minusScaled(rate, e.gradient(net.weights[i])));
            b.add(net.biases[i] >= 0 ? p.bias(i).minusScaled(rate, e.gradient(net.biases[i])) : null);
        }
        return new Parameters(w, b);
    }

    /** Fisher-Yates with the run's own Random, so the order depends only on the seed. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Bounds a run before it starts: its work ({@link NetworkCost#ofTraining}, so a tiny or a deep
     * network still cannot run for minutes) and the length of the loss curves it returns.
     */
    private static void checkSize(Network network, int examples, TrainingPlan plan, NetworkLimits limits) {
        NetworkCost.ofTraining(network, examples, plan).check(limits, examples);
        if (plan.epochs() > limits.maxRecordedLosses()) {
            throw new LimitExceededException("epochs", limits.maxRecordedLosses(), plan.epochs(),
                    "the answer has one loss per epoch, and " + plan.epochs() + " epochs is more than " + limits.maxRecordedLosses());
        }
        long steps = (long) plan.epochs() * ((examples + Math.min(plan.batchSize(), Math.max(examples, 1)) - 1) / Math.min(plan.batchSize(), Math.max(examples, 1)));
        if (plan.recordSteps() && steps > limits.maxRecordedLosses()) {
            throw new LimitExceededException("recordedSteps", limits.maxRecordedLosses(), steps,
                    "recordSteps would return " + steps + " losses, more than " + limits.maxRecordedLosses() + "; record fewer steps");
        }
    }

    private static void checkPlan(TrainingPlan plan) {
        List<Violation> violations = planViolations(plan);
        if (!violations.isEmpty()) {
            throw new NetworkValidationException(violations);
        }
    }

    /**
     * What is wrong with the plan (learning rate, epochs, batch size), so a caller can list it with
     * the network's own problems in one answer; {@link #train} throws these.
     */
    public static List<Violation> planViolations(TrainingPlan plan) {
        List<Violation> violations = new ArrayList<>();
        if (!(plan.learningRate() > 0.0) || Double.isInfinite(plan.learningRate())) {
            violations.add(new Violation("learningRate", "the learning rate must be a positive number, got " + plan.learningRate()));
        }
        if (plan.epochs() < 1) {
            violations.add(new Violation("epochs", "train for at least 1 epoch, got " + plan.epochs()));
        }
        if (plan.batchSize() < 1) {
            violations.add(new Violation("batchSize", "a batch has at least 1 example, got " + plan.batchSize()));
        }
        return violations;
    }
}
