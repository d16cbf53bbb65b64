package dev.adjoint.diagram;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout cost measure: how many layers the arrows cross in all. */
class DiagramSpanTest {

    private static Diagram.Box box(String id) {
        return new Diagram.Box(id, List.of(id), "operation");
    }

    @Test
    void aChainSpansOneLayerPerArrow() {
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Arrow> arrows = new ArrayList<>();
        boxes.add(box("a0"));
        for (int i = 1; i < 100; i++) {
            boxes.add(box("a" + i));
            arrows.add(new Diagram.Arrow("a" + (i - 1), "a" + i, null));
        }
        assertThat(new Diagram(boxes, arrows).span()).isEqualTo(99);
    }

    @Test
    void arrowsBackToEveryEarlierBoxSpanCubically() {
        // line k sums lines 1..k-1 (the issue's 98-line program): box k sits in layer k-1, its arrow from j spans k - j
        int lines = 98;
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Arrow> arrows = new ArrayList<>();
        long expected = 0;
        for (int k = 1; k <= lines; k++) {
            boxes.add(box("a" + k));
            for (int j = 1; j < k; j++) {
                arrows.add(new Diagram.Arrow("a" + j, "a" + k, null));
                expected += k - j;
            }
        }
        assertThat(new Diagram(boxes, arrows).span()).isEqualTo(expected).isEqualTo(156_849);
    }

    @Test
    void aVariableUsedAtEveryStepSpansTheWholeChain() {
        List<Diagram.Box> boxes = new ArrayList<>(List.of(box("x"), box("a1")));
        List<Diagram.Arrow> arrows = new ArrayList<>(List.of(new Diagram.Arrow("x", "a1", null)));
        for (int i = 2; i <= 10; i++) {
            boxes.add(box("a" + i));
            arrows.add(new Diagram.Arrow("a" + (i - 1), "a" + i, null));
            arrows.add(new Diagram.Arrow("x", "a" + i, null));
        }
        // chain arrows: 9 x 1; arrows from x (layer 0) to a_i (layer i): 1 + 2 + ... + 10
        assertThat(new Diagram(boxes, arrows).span()).isEqualTo(9 + 55);
    }
}
