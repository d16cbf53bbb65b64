package dev.adjoint.diagram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to draw: boxes and the arrows between them.
 *
 * @param nodes in drawing order (evaluation order reads left to right)
 */
public record Diagram(List<Box> nodes, List<Arrow> edges) {

    /**
     * The sum over arrows of the layers each crosses, with every box in the layer after its
     * latest input (boxes are in evaluation order, so one pass does it). A layered layout routes
     * an arrow over k layers through k - 1 dummy nodes, so this, not the box count, is the size
     * of the graph ELK really lays out: 98 boxes whose arrows reach back to every earlier box are
     * 150 000 dummies. Linear in boxes and arrows.
     */
    public long span() {
        Map<String, Integer> layer = new HashMap<>(2 * nodes.size());
        for (Box b : nodes) {
            layer.put(b.id(), 0);
        }
        for (Arrow a : edges) { // arrows are listed with their target's box, targets in order
            Integer from = layer.get(a.from());
            Integer to = layer.get(a.to());
            if (from != null && to != null && to <= from) {
                layer.put(a.to(), from + 1);
            }
        }
        long span = 0;
        for (Arrow a : edges) {
            Integer from = layer.get(a.from());
            Integer to = layer.get(a.to());
            if (from != null && to != null) {
                span += Math.abs(to - from);
            }
        }
        return span;
    }

    /**
     * @param id    unique; edges refer to it
     * @param lines the box's text, first line in bold (e.g. "b = log(x)", "value 0.693147", "grad -12.36")
     * @param kind  a CSS class for the box: {@code input}, {@code constant}, {@code operation}, {@code output}
     */
    public record Box(String id, List<String> lines, String kind) {
    }

    /** @param label drawn along the arrow (a local derivative), or null */
    public record Arrow(String from, String to, String label) {
    }
}
