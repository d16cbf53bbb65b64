package dev.adjoint.diagram;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.DeadlineExceededException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout stops when its deadline has passed, and draws as before when it has not. */
class SvgRendererDeadlineTest {

    private static Diagram chain(int n) {
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Arrow> arrows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boxes.add(new Diagram.Box("a" + i, List.of("a" + i), "operation"));
            if (i > 0) {
                arrows.add(new Diagram.Arrow("a" + (i - 1), "a" + i, "d" + i));
            }
        }
        return new Diagram(boxes, arrows);
    }

    @Test
    void aPassedDeadlineStopsTheLayout() {
        Deadline passed = Deadline.of(System.nanoTime() - TimeUnit.SECONDS.toNanos(1), 10);
        assertThatThrownBy(() -> SvgRenderer.render(chain(30), passed))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.limitMillis()).isEqualTo(10));
    }

    @Test
    void aDeadlineNotYetPassedDrawsTheSamePicture() {
        String timed = SvgRenderer.render(chain(30), Deadline.of(System.nanoTime(), TimeUnit.HOURS.toMillis(1)));
        assertThat(timed).isEqualTo(SvgRenderer.render(chain(30)));
        assertThat(timed).contains("data-from=\"a28\" data-to=\"a29\"");
    }
}
