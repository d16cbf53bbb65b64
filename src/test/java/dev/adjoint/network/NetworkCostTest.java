package dev.adjoint.network;

import dev.adjoint.autodiff.LimitExceededException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network side of the cost model: read off the request's arrays, exact, never overflowing. */
class NetworkCostTest {

    private static final NetworkLimits DEFAULTS = new NetworkLimits(2_000_000, 4096, 1_000_000, 2_000_000_000L, 100_000);

    /** The request: a 2M-wide softmax layer after one input. */
    private static Network wideSoftmax() {
        return new Network(WeightLayout.IN_OUT, List.of(new Layer(new double[][] {new double[2_000_000]}, null, Activation.SOFTMAX)),
                Loss.CROSS_ENTROPY);
    }

    @Test
    void activationsAreExamplesTimesEveryWidthWithoutIntOverflow() {
        NetworkCost cost = NetworkCost.of(wideSoftmax(), 4096);
        // x (1), the layer's output (2M) and the targets (2M), for each of 4 096 examples: 1.6e10, past 2^31
        assertThat(cost.activations()).isEqualTo(4096L * (1 + 2_000_000 + 2_000_000));
        assertThat(cost.parameters()).isEqualTo(2_000_000);
        assertThatThrownBy(() -> cost.check(DEFAULTS, 4096)).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limitName()).isEqualTo("activations");
            assertThat(e.limit()).isEqualTo(1_000_000);
            assertThat(e.actual()).isEqualTo(4096L * 4_000_001);
        });
    }

    @Test
    void evenTwoExamplesOfTheWideLayerAreOverTheDefaultLimit() {
        // two examples once gave a 172 MB answer
        assertThatThrownBy(() -> NetworkCost.of(wideSoftmax(), 2).check(DEFAULTS, 2))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.actual()).isEqualTo(8_000_002));
    }

    @Test
    void widthsAreReadInTheRequestsLayout() {
        double[][] threeByTwo = {{1, 2}, {3, 4}, {5, 6}};
        // in_out: 3 inputs, 2 outputs -> 3 + 2 + 2 (targets); out_in: 2 inputs, 3 outputs -> 2 + 3 + 3
        assertThat(NetworkCost.of(new Network(WeightLayout.IN_OUT, List.of(new Layer(threeByTwo, null, Activation.LINEAR)), Loss.SQUARED_ERROR), 5)
                .activations()).isEqualTo(5 * 7);
        assertThat(NetworkCost.of(new Network(WeightLayout.OUT_IN, List.of(new Layer(threeByTwo, null, Activation.LINEAR)), Loss.SQUARED_ERROR), 5)
                .activations()).isEqualTo(5 * 8);
    }

    @Test
    void trainingCountsAFixedCostPerLayerAndStepBesideTheParameters() {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            layers.add(new Layer(new double[][] {{0.5}}, null, Activation.LINEAR));
        }
        Network deep = new Network(WeightLayout.IN_OUT, layers, Loss.SQUARED_ERROR);
        NetworkCost cost = NetworkCost.ofTraining(deep, 1, new TrainingPlan(0.001, 30_000, 1, false, 0, false));
        // per epoch: 1 example x (1 000 parameters + 1 002 widths + 100) + (1 step + the epoch's loss) x 1 000 layers x 250
        long perEpoch = (1000 + 1002 + NetworkCost.STEP_OVERHEAD) + 2 * 1000 * NetworkCost.LAYER_OVERHEAD;
        assertThat(cost.trainingWork()).isEqualTo(30_000 * perEpoch);
        // by parameters alone this run was 1.65 % of the limit and took 23 s; now it is over the limit
        assertThatThrownBy(() -> cost.check(DEFAULTS, 1))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limitName()).isEqualTo("trainingWork"));
    }

    @Test
    void biggerBatchesMeanFewerStepsAndLessPerLayerCost() {
        Network one = new Network(WeightLayout.IN_OUT, List.of(new Layer(new double[][] {{0.5}}, null, Activation.LINEAR)), Loss.SQUARED_ERROR);
        long perExample = NetworkCost.ofTraining(one, 100, new TrainingPlan(0.1, 1, 1, false, 0, false)).trainingWork();
        long fullBatch = NetworkCost.ofTraining(one, 100, new TrainingPlan(0.1, 1, 100, false, 0, false)).trainingWork();
        assertThat(perExample - fullBatch).isEqualTo((101 - 2) * NetworkCost.LAYER_OVERHEAD);
    }

    @Test
    void absurdSizesSaturateInsteadOfWrappingNegative() {
        NetworkCost cost = NetworkCost.ofTraining(wideSoftmax(), Integer.MAX_VALUE, new TrainingPlan(0.1, Integer.MAX_VALUE, 1, false, 0, false));
        assertThat(cost.trainingWork()).isEqualTo(Long.MAX_VALUE);
        assertThat(cost.activations()).isPositive();
    }

    @Test
    void raggedOrMissingWeightsStillGetACostAndLeaveTheReportToValidation() {
        Network broken = new Network(WeightLayout.IN_OUT, List.of(new Layer(null, null, Activation.SIGMOID),
                new Layer(new double[][] {{1, 2}, {3}}, null, null)), null);
        NetworkCost cost = NetworkCost.of(broken, 3);
        assertThat(cost.parameters()).isEqualTo(3);
        cost.check(DEFAULTS, 3); // within every limit: validation, not the limits, reports what is wrong
    }
}
