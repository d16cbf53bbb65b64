package dev.adjoint.diagram;

import java.util.List;

/**
 * What to draw: boxes and the arrows between them.
 *
 * @param nodes in drawing order (evaluation order reads left to right)
 */
public record Diagram(List<Box> nodes, List<Arrow> edges) {

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
