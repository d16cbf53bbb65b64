package dev.adjoint.network;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.DeadlineExceededException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training stops at its deadline, or as soon as it is cancelled, instead of running to the end. */
class TrainerDeadlineTest {

    private static final NetworkLimits UNLIMITED = new NetworkLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);

    /** 200 1x1 layers for 100 000 epochs: minutes of work if nothing stopped it. */
    private static Network deep() {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            layers.add(new Layer(new double[][] {{0.99}}, null, Activation.LINEAR));
        }
        return new Network(WeightLayout.IN_OUT, layers, Loss.SQUARED_ERROR);
    }

    private static final List<Example> ONE = List.of(new Example(new double[] {1}, 1.0, null));
    private static final TrainingPlan LONG = new TrainingPlan(0.001, 100_000, 1, false, 0, false);

    @Test
    void aPassedDeadlineStopsTrainingBeforeItsFirstStep() {
        Deadline passed = Deadline.of(System.nanoTime() - TimeUnit.SECONDS.toNanos(1), 10);
        assertThatThrownBy(() -> Trainer.train(deep(), ONE, LONG, UNLIMITED, passed))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.limitMillis()).isEqualTo(10));
    }

    @Test
    void cancellingStopsARunningTraining() throws Exception {
        Deadline deadline = Deadline.of(System.nanoTime(), TimeUnit.HOURS.toMillis(1));
        CompletableFuture<TrainingResult> run = CompletableFuture.supplyAsync(() -> Trainer.train(deep(), ONE, LONG, UNLIMITED, deadline));
        Thread.sleep(100); // let it start; it would run for minutes
        deadline.cancel();
        // generous bound: a step is microseconds, so it stops at once; the bound only keeps a failing test from hanging
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.cancelled()).isTrue());
    }
}
