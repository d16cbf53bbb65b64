package dev.adjoint.network;

import dev.adjoint.autodiff.LimitExceededException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    private static final NetworkLimits LIMITS = new NetworkLimits(1_000_000, 1000, 10_000_000, 1_000_000_000L, 100_000);

    /** Two Gaussian blobs, far apart: a separable set a sigmoid unit must learn. */
    private static List<Example> blobs(int n, long seed) {
        Random random = new Random(seed);
        List<Example> examples = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int label = k % 2;
            double cx = label == 1 ? 2 : -2;
            examples.add(new Example(new double[] {cx + random.nextGaussian() * 0.5, cx + random.nextGaussian() * 0.5}, (double) label, null));
        }
        return examples;
    }

    private static Network smallNetwork() {
        return new Network(WeightLayout.IN_OUT, List.of(
                new Layer(new double[][] {{0.1, -0.2, 0.05}, {-0.1, 0.2, 0.3}}, new double[] {0, 0, 0}, Activation.TANH),
                new Layer(new double[][] {{0.1}, {-0.1}, {0.2}}, new double[] {0}, Activation.SIGMOID)),
                Loss.BINARY_CROSS_ENTROPY);
    }

    @Test
    void lossFallsOnASeparableSet() {
        List<Example> data = blobs(40, 1);
        double before = NetworkGradients.compute(smallNetwork(), data, false, LIMITS).loss();
        TrainingResult r = Trainer.train(smallNetwork(), data, new TrainingPlan(0.3, 30, 1, true, 5, true), LIMITS);
        assertThat(r.steps()).isEqualTo(30 * 40);
        assertThat(r.epochLosses()).hasSize(30);
        assertThat(r.stepLosses()).hasSize(30 * 40);
        assertThat(r.epochLosses()[0]).isLessThan(before);
        assertThat(r.epochLosses()[29]).isLessThan(before / 10);
        // the trained network classifies every training example
        List<Layer> trained = new ArrayList<>();
        for (int i = 0; i < r.layers().size(); i++) {
            trained.add(new Layer(r.layers().get(i).weights(), r.layers().get(i).bias(), smallNetwork().layers().get(i).activation()));
        }
        double[][] p = NetworkGradients.compute(new Network(WeightLayout.IN_OUT, trained, Loss.BINARY_CROSS_ENTROPY), data, false, LIMITS).predictions();
        for (int k = 0; k < data.size(); k++) {
            assertThat(p[k][0] > 0.5).isEqualTo(data.get(k).label() == 1.0);
        }
    }

    @Test
    void aRepeatedRequestGivesTheSameBits() {
        List<Example> data = blobs(20, 2);
        TrainingPlan plan = new TrainingPlan(0.1, 10, 3, true, 99, true);
        TrainingResult a = Trainer.train(smallNetwork(), data, plan, LIMITS);
        TrainingResult b = Trainer.train(smallNetwork(), data, plan, LIMITS);
        assertThat(b.epochLosses()).isEqualTo(a.epochLosses());
        assertThat(b.stepLosses()).isEqualTo(a.stepLosses());
        assertThat(b.layers().get(0).weights()).isDeepEqualTo(a.layers().get(0).weights());
        TrainingResult otherSeed = Trainer.train(smallNetwork(), data, new TrainingPlan(0.1, 10, 3, true, 100, true), LIMITS);
        assertThat(otherSeed.stepLosses()).isNotEqualTo(a.stepLosses());
    }

    @Test
    void batchSizeOneInGivenOrderIsTheNotesPerExampleUpdate() {
        List<Example> data = blobs(3, 3);
        TrainingResult r = Trainer.train(smallNetwork(), data, new TrainingPlan(0.5, 1, 1, false, 0, true), LIMITS);
        // replay by hand: one gradient step per example, in order
        Network net = smallNetwork();
        for (int k = 0; k < 3; k++) {
            NetworkResult g = NetworkGradients.compute(net, List.of(data.get(k)), true, LIMITS);
            assertThat(r.stepLosses()[k]).isEqualTo(g.loss());
            List<Layer> next = new ArrayList<>();
            for (int i = 0; i < net.layers().size(); i++) {
                Layer l = net.layers().get(i);
                double[][] w = new double[l.weights().length][];
                for (int a = 0; a < w.length; a++) {
                    w[a] = l.weights()[a].clone();
                    for (int b = 0; b < w[a].length; b++) {
                        w[a][b] -= 0.5 * g.layers().get(i).weights()[a][b];
                    }
                }
                double[] bias = l.bias().clone();
                for (int b = 0; b < bias.length; b++) {
                    bias[b] -= 0.5 * g.layers().get(i).bias()[b];
                }
                next.add(new Layer(w, bias, l.activation()));
            }
            net = new Network(WeightLayout.IN_OUT, next, net.loss());
        }
        assertThat(r.layers().get(1).weights()).isDeepEqualTo(net.layers().get(1).weights());
    }

    @Test
    void longRunsAreBoundedByTheWorkLimit() {
        NetworkLimits small = new NetworkLimits(1_000_000, 1000, 10_000_000, 10_000, 100_000);
        assertThatThrownBy(() -> Trainer.train(smallNetwork(), blobs(10, 4), new TrainingPlan(0.1, 1000, 1, false, 0, false), small))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limitName()).isEqualTo("trainingWork"));
    }

    @Test
    void aTinyNetworkStillCannotTrainForMinutesNorReturnAHugeCurve() {
        NetworkLimits limits = new NetworkLimits(1_000_000, 1000, 10_000_000, 2_000_000_000L, 1000);
        // 4 examples x 3 parameters: by parameters alone 10^8 epochs would pass; each step's fixed cost counts too
        Network tiny = new Network(WeightLayout.IN_OUT, List.of(new Layer(new double[][] {{0.1}, {-0.1}}, new double[] {0}, Activation.SIGMOID)),
                Loss.BINARY_CROSS_ENTROPY);
        assertThatThrownBy(() -> Trainer.train(tiny, blobs(4, 6), new TrainingPlan(0.5, 100_000_000, 1, false, 0, false), limits))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limitName()).isEqualTo("trainingWork"));
        assertThatThrownBy(() -> Trainer.train(tiny, blobs(4, 6), new TrainingPlan(0.5, 1001, 1, false, 0, false), limits))
                .satisfies(e -> assertThat(((LimitExceededException) e).limitName()).isEqualTo("epochs"));
        assertThatThrownBy(() -> Trainer.train(tiny, blobs(4, 6), new TrainingPlan(0.5, 300, 1, false, 0, true), limits))
                .satisfies(e -> assertThat(((LimitExceededException) e).limitName()).isEqualTo("recordedSteps"));
        assertThat(Trainer.train(tiny, blobs(4, 6), new TrainingPlan(0.5, 250, 1, false, 0, true), limits).stepLosses()).hasSize(1000);
    }

    @Test
    void aPlanWithoutEpochsOrRateIsRejectedWithTheFieldsNamed() {
        assertThatThrownBy(() -> Trainer.train(smallNetwork(), blobs(4, 5), new TrainingPlan(-1, 0, 0, false, 0, false), LIMITS))
                .isInstanceOf(NetworkValidationException.class)
                .satisfies(e -> assertThat(((NetworkValidationException) e).violations()).extracting(Violation::path)
                        .containsExactly("learningRate", "epochs", "batchSize"));
    }
}
