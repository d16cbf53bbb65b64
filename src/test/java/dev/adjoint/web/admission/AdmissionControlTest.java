package dev.adjoint.web.admission;

import dev.adjoint.autodiff.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admission rules, driven directly: no clock is asserted; a waiting request is observed
 * through {@link AdmissionControl#waiting()} (polled with a generous bound) before the next step.
 */
class AdmissionControlTest {

    /** Large lane 100 bytes and 3 requests, small requests up to 10 bytes in a lane of 20, up to 2 waiting. */
    private final AdmissionControl control = new AdmissionControl(100, 10, 20, 2, 3, 3);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Ticket> open = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        open.forEach(Ticket::close);
        threads.shutdownNow();
    }

    private Ticket admit(long bytes, long waitMillis) {
        Ticket t = control.admit(bytes, waitMillis, Deadline.NONE);
        open.add(t);
        return t;
    }

    private Future<Ticket> admitLater(long bytes) throws Exception {
        int before = control.waiting();
        Future<Ticket> f = threads.submit(() -> control.admit(bytes, 60_000, Deadline.NONE));
        awaitWaiting(before + 1);
        return f;
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (control.waiting() != n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(control.waiting()).isEqualTo(n);
    }

    @Test
    void workIsAdmittedWhileItFitsTheBudget() {
        admit(60, 0);
        admit(40, 0);
        assertThat(control.bytesInFlight()).isEqualTo(100);
        assertThatThrownBy(() -> admit(11, 0)).isInstanceOfSatisfying(AdmissionRefusedException.class, e -> {
            assertThat(e.limit()).isEqualTo(100);
            assertThat(e.actual()).isEqualTo(111);
            assertThat(e.retryAfterSeconds()).isEqualTo(3);
        });
        assertThat(control.refused(false)).isEqualTo(1);
    }

    @Test
    void smallRequestsGetThroughWhileBigOnesWait() throws Exception {
        admit(100, 0);
        Future<Ticket> big = admitLater(50);
        // the large lane is full and has a waiter, yet small work is admitted at once, in its own lane
        Ticket small = admit(10, 0);
        assertThat(small.lane()).isEqualTo(AdmissionControl.Lane.SMALL);
        admit(10, 0);
        assertThat(big.isDone()).isFalse();
        open.get(0).close();
        open.add(big.get(30, TimeUnit.SECONDS));
        assertThat(control.admitted(AdmissionControl.Lane.SMALL)).isEqualTo(2);
        assertThat(control.admitted(AdmissionControl.Lane.LARGE)).isEqualTo(2);
        assertThat(control.queuedTotal()).isEqualTo(1);
    }

    @Test
    void atMostMaxLargeRequestsRunAtOnceEvenWhenBytesWouldFit() {
        Ticket first = admit(11, 0);
        admit(11, 0);
        admit(11, 0);
        assertThatThrownBy(() -> admit(11, 0)).isInstanceOf(AdmissionRefusedException.class); // 44 bytes would fit; 4 requests do not
        first.close();
        assertThat(admit(11, 0).lane()).isEqualTo(AdmissionControl.Lane.LARGE);
        assertThat(control.running()).isEqualTo(3);
    }

    @Test
    void cpuHeavyWorkTakesTheLargeLaneHoweverFewBytesItHolds() {
        Ticket training = control.admit(5, true, 0, Deadline.NONE);
        open.add(training);
        assertThat(training.lane()).isEqualTo(AdmissionControl.Lane.LARGE);
        assertThat(admit(5, 0).lane()).isEqualTo(AdmissionControl.Lane.SMALL);
    }

    @Test
    void aFullSmallLaneSendsSmallWorkToTheLargeLane() {
        admit(10, 0);
        admit(10, 0);
        Ticket third = admit(10, 0);
        assertThat(third.lane()).isEqualTo(AdmissionControl.Lane.LARGE);
    }

    @Test
    void theLargeLaneIsFirstComeFirstServed() throws Exception {
        Ticket first = admit(60, 0);
        Future<Ticket> second = admitLater(50);
        Future<Ticket> third = admitLater(30); // fits beside the first, but waits behind the second
        assertThat(third.isDone()).isFalse();
        first.close();
        open.add(second.get(30, TimeUnit.SECONDS));
        open.add(third.get(30, TimeUnit.SECONDS));
        assertThat(control.bytesInFlight()).isEqualTo(80);
    }

    @Test
    void overAFullQueueTheAnswerIsAnImmediateRefusal() throws Exception {
        admit(100, 0);
        admitLater(50);
        admitLater(50);
        assertThatThrownBy(() -> admit(50, 60_000)).isInstanceOf(AdmissionRefusedException.class);
        assertThat(control.refused(true)).isEqualTo(1);
        open.get(0).close();
        awaitWaiting(0); // the two waiters were admitted (50 + 50), nothing is left waiting
        assertThat(control.bytesInFlight()).isEqualTo(100);
    }

    @Test
    void aRequestLargerThanTheBudgetRunsAlone() {
        Ticket huge = admit(500, 0);
        assertThat(huge.charge()).isEqualTo(100); // charged as the whole lane
        assertThatThrownBy(() -> admit(20, 0)).isInstanceOf(AdmissionRefusedException.class);
        huge.close();
        admit(20, 0);
    }

    @Test
    void shrinkingGivesTheDifferenceBackAndClosingTwiceReleasesOnce() {
        Ticket t = admit(90, 0);
        t.shrinkTo(30);
        assertThat(control.bytesInFlight()).isEqualTo(30);
        t.shrinkTo(60); // never raises
        assertThat(t.charge()).isEqualTo(30);
        admit(70, 0);
        t.close();
        t.close();
        assertThat(control.bytesInFlight()).isEqualTo(70);
        assertThat(control.running()).isEqualTo(1);
    }

    @Test
    void aPassedDeadlineMeansNoWaiting() {
        admit(100, 0);
        Deadline passed = Deadline.of(System.nanoTime() - TimeUnit.SECONDS.toNanos(5), 1000);
        assertThatThrownBy(() -> control.admit(50, 60_000, passed)).isInstanceOf(AdmissionRefusedException.class);
        assertThat(control.waiting()).isZero();
    }
}
