package dev.adjoint.web.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness follows the heap's live bytes with hysteresis: down above 90%, up again below 75%. */
class HeapPressureReadinessTest {

    @Test
    void readinessGoesDownAboveTheUpperThresholdAndUpBelowTheLowerOne() {
        List<Object> published = new ArrayList<>();
        HeapPressureReadiness readiness = new HeapPressureReadiness(published::add, 0.9, 0.75);
        long max = 1000;
        assertThat(readiness.check(500, max)).isFalse();
        assertThat(readiness.check(900, max)).isFalse(); // at the threshold, not above it
        assertThat(published).isEmpty();
        assertThat(readiness.check(901, max)).isTrue();
        assertThat(readiness.check(950, max)).isTrue();
        assertThat(readiness.check(800, max)).isTrue(); // between the thresholds: stays down
        assertThat(published).hasSize(1);
        assertThat(((AvailabilityChangeEvent<?>) published.get(0)).getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(readiness.check(749, max)).isFalse();
        assertThat(readiness.check(100, max)).isFalse();
        assertThat(published).hasSize(2);
        assertThat(((AvailabilityChangeEvent<?>) published.get(1)).getState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void thresholdsOutOfOrderAreAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HeapPressureReadiness(e -> { }, 0.7, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
