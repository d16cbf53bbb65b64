package dev.adjoint.web.admission;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An estimate made before compiling can be too small (an outer product holds far more than its
 * inputs): resizing admits the rest against the same budget, or refuses it, and closing the ticket
 * gives all of it back.
 */
class FrontDoorResizeTest {

    /** 10 MB in all, 1 MB of it for the small lane; no queue, so a request that does not fit is refused at once. */
    private static FrontDoor frontDoor() {
        AdmissionProperties p = new AdmissionProperties(10_000_000, 0.5, 100_000, 10_000_000, 0.1, 0, 2,
                Duration.ofMillis(50), Duration.ofSeconds(10));
        return new FrontDoor(p, new SimpleMeterRegistry());
    }

    @Test
    void aLargerRealSizeIsAdmittedAndReleasedWithTheTicket() {
        FrontDoor door = frontDoor();
        long during = door.run(new Cost(50_000, 1), ticket -> {
            door.resize(ticket, 4_000_000);
            assertThat(ticket.charge()).isEqualTo(4_000_000);
            return door.admission().bytesInFlight();
        });
        assertThat(during).isEqualTo(4_000_000);
        assertThat(door.admission().bytesInFlight()).isZero();
    }

    @Test
    void aSmallerRealSizeGivesTheDifferenceBack() {
        FrontDoor door = frontDoor();
        long during = door.run(new Cost(3_000_000, 1), ticket -> {
            door.resize(ticket, 1_000_000);
            return door.admission().bytesInFlight();
        });
        assertThat(during).isEqualTo(1_000_000);
        assertThat(door.admission().bytesInFlight()).isZero();
    }

    @Test
    void growingPastTheBudgetWhileOthersRunIsRefusedAndLeavesNothingBehind() {
        FrontDoor door = frontDoor();
        door.run(new Cost(6_000_000, 1), big -> {
            assertThatThrownBy(() -> door.run(new Cost(50_000, 1), small -> {
                door.resize(small, 5_000_000); // 6 MB + 5 MB is over the 9 MB large lane: no room within the wait
                return null;
            })).isInstanceOf(AdmissionRefusedException.class);
            assertThat(door.admission().bytesInFlight()).isEqualTo(6_000_000);
            return null;
        });
        assertThat(door.admission().bytesInFlight()).isZero();
    }

    /**
     * The hostile-load towers: estimated over the lane, so charged as the whole lane; their real
     * size, larger still, must not wait for room that only their own end can make.
     */
    @Test
    void workChargedAsTheWholeLaneNeverWaitsForMore() {
        FrontDoor door = frontDoor();
        long lane = door.admission().largeBudget();
        long during = door.run(new Cost(50_000_000, 1), ticket -> {
            door.resize(ticket, 80_000_000); // had it waited for room, nothing would have freed any: a 503 after 50 ms
            return door.admission().bytesInFlight();
        });
        assertThat(during).isEqualTo(lane);
        assertThat(door.admission().bytesInFlight()).isZero();
    }
}
