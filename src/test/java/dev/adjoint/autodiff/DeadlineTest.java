package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    /** A chain of n sin nodes on x: long enough that the sweeps check the deadline several times. */
    private static Graph chain(int n) {
        Graph.Builder b = Graph.builder(n + 10);
        int node = b.input("x");
        for (int i = 0; i < n; i++) {
            node = b.applyFresh(Op.SIN, node);
        }
        int[] counter = {0};
        return b.build(() -> "t" + ++counter[0]);
    }

    @Test
    void noneNeverPassesAndCannotBeCancelled() {
        Deadline.NONE.cancel();
        assertThat(Deadline.NONE.passed()).isFalse();
        Deadline.NONE.check();
    }

    @Test
    void aDeadlineInThePastStopsTheSweepWithTheLimitNamed() {
        Deadline passed = Deadline.of(System.nanoTime() - TimeUnit.SECONDS.toNanos(2), 500);
        Graph g = chain(20_000);
        Map<String, Tensor> in = new HashMap<>(Map.of("x", Tensor.scalar(0.5)));
        assertThatThrownBy(() -> Evaluation.run(g, in, Set.of("x"), g.size() - 1, passed))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
                    assertThat(e.limitMillis()).isEqualTo(500);
                    assertThat(e.elapsedMillis()).isGreaterThanOrEqualTo(2000);
                    assertThat(e.cancelled()).isFalse();
                });
    }

    @Test
    void aCancelledDeadlineStopsTheSweepAndSaysSo() {
        Deadline d = Deadline.of(System.nanoTime(), TimeUnit.HOURS.toMillis(1));
        d.cancel();
        Graph g = chain(20_000);
        assertThatThrownBy(() -> Evaluation.run(g, new HashMap<>(Map.of("x", Tensor.scalar(0.5))), Set.of("x"), g.size() - 1, d))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.cancelled()).isTrue());
    }

    @Test
    void aDeadlineNotYetPassedChangesNoBit() {
        Graph g = chain(10_000);
        Map<String, Tensor> in = Map.of("x", Tensor.scalar(0.5));
        Evaluation plain = Evaluation.run(g, in, Set.of("x"), g.size() - 1);
        Evaluation timed = Evaluation.run(g, in, Set.of("x"), g.size() - 1, Deadline.of(System.nanoTime(), TimeUnit.HOURS.toMillis(1)));
        assertThat(timed.gradient(0).item()).isEqualTo(plain.gradient(0).item());
        assertThat(timed.value(g.size() - 1).item()).isEqualTo(plain.value(g.size() - 1).item());
    }

    @Test
    void theTangentSweepStopsAtTheDeadlineToo() {
        Graph g = chain(20_000);
        Map<String, Tensor> in = Map.of("x", Tensor.scalar(0.5));
        Deadline passed = Deadline.of(System.nanoTime() - TimeUnit.SECONDS.toNanos(2), 500);
        assertThatThrownBy(() -> ForwardMode.at(g, in, Set.of("x"), passed))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.limitMillis()).isEqualTo(500));
        // linearized in time, then the client goes away: the next tangent sweep stops
        Deadline d = Deadline.of(System.nanoTime(), TimeUnit.HOURS.toMillis(1));
        ForwardMode forward = ForwardMode.at(g, in, Set.of("x"), d);
        double plain = ForwardMode.at(g, in, Set.of("x")).tangents(Map.of("x", 1.0))[g.size() - 1];
        assertThat(forward.tangents(Map.of("x", 1.0))[g.size() - 1]).isEqualTo(plain); // not passed: the same bits
        d.cancel();
        assertThatThrownBy(() -> forward.tangents(Map.of("x", 1.0)))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.cancelled()).isTrue());
    }
}
