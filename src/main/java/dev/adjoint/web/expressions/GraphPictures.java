package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Literal;
import dev.adjoint.diagram.Diagram;
import dev.adjoint.diagram.SvgRenderer;
import dev.adjoint.diagram.TextFormats;
import dev.adjoint.web.platform.LimitsProperties;
import dev.adjoint.web.networks.NetworkResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Answers as pictures: a trace to a {@link Diagram}, drawn in the format the client's Accept header prefers. */
public final class GraphPictures {

    public static final String SVG = "image/svg+xml";
    public static final String DOT = "text/vnd.graphviz";
    public static final String MERMAID = "text/vnd.mermaid";

    private GraphPictures() {
    }

    /** Every node with its expression, value and gradient; every edge with its local derivative. */
    static Diagram ofExpression(GradientResponse r, int maxNodes) {
        checkSize(r.nodes().size(), maxNodes);
        Map<String, String> partials = new HashMap<>(); // "input>consumer" -> localDerivative
        for (GradientResponse.BackwardStep step : r.backward()) {
            for (GradientResponse.Term t : step.terms()) {
                partials.put(step.id() + ">" + t.consumer(), t.localDerivative());
            }
        }
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Arrow> arrows = new ArrayList<>();
        for (GradientResponse.Node n : r.nodes()) {
            List<String> lines = new ArrayList<>();
            lines.add(n.kind().equals("operation") ? n.id() + " = " + n.expression() : n.id());
            if (n.value() instanceof Double v) {
                lines.add("value " + format(v));
                if (n.gradient() instanceof Double g) {
                    lines.add("grad  " + format(g));
                }
            } else { // a tensor: its shape, and the size of its gradient
                lines.add("shape " + shape(n.value()));
                if (n.gradient() != null) {
                    lines.add("|grad| " + format(norm(n.gradient())));
                }
            }
            boxes.add(new Diagram.Box(n.id(), lines, n.id().equals(r.output()) ? "output" : n.kind()));
            if (n.inputs() != null) {
                for (String input : new LinkedHashSet<>(n.inputs())) {
                    arrows.add(new Diagram.Arrow(input, n.id(), partials.get(input + ">" + n.id())));
                }
            }
        }
        return new Diagram(boxes, arrows);
    }

    /** One box per tensor node (x, W1, u1, z1, ..., J) with its shape; not one per weight. */
    public static Diagram ofNetwork(NetworkResponse r, int maxNodes) {
        checkSize(r.nodes().size(), maxNodes);
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Arrow> arrows = new ArrayList<>();
        for (NetworkResponse.Node n : r.nodes()) {
            List<String> lines = new ArrayList<>();
            lines.add(n.op() == null ? n.id() : n.id() + " = " + (n.expression() != null ? n.expression() : n.op() + "(" + String.join(", ", n.inputs()) + ")"));
            if (n.value() instanceof Double v) {
                lines.add("value " + format(v));
                if (n.gradient() instanceof Double g) {
                    lines.add("grad  " + format(g));
                }
            } else {
                lines.add("shape " + shape(n.value()));
                if (n.gradient() != null) {
                    lines.add("|grad| " + format(norm(n.gradient())));
                }
            }
            String kind = n.id().equals("J") ? "output" : n.op() == null ? "input" : "operation";
            boxes.add(new Diagram.Box(n.id(), lines, kind));
            if (n.inputs() != null) {
                for (String input : new LinkedHashSet<>(n.inputs())) {
                    arrows.add(new Diagram.Arrow(input, n.id(), null));
                }
            }
        }
        return new Diagram(boxes, arrows);
    }

    /**
     * The diagram in the first format the client accepts: SVG (laid out here, within the layout
     * limits and the deadline), DOT or Mermaid (text, linear in the diagram; no layout); SVG for any.
     */
    public static ResponseEntity<String> render(Diagram d, String accept, LimitsProperties limits, Deadline deadline) {
        for (MediaType wanted : accepted(accept)) {
            if (wanted.isCompatibleWith(MediaType.valueOf(SVG)) && !wanted.isWildcardSubtype() || wanted.isWildcardType()) {
                return ResponseEntity.ok().contentType(MediaType.valueOf(SVG)).body(svg(d, limits, deadline));
            }
            if (wanted.isCompatibleWith(MediaType.valueOf(DOT)) && !wanted.isWildcardSubtype()) {
                return ResponseEntity.ok().contentType(MediaType.valueOf(DOT)).body(TextFormats.dot(d));
            }
            if (wanted.isCompatibleWith(MediaType.valueOf(MERMAID)) || wanted.isCompatibleWith(MediaType.TEXT_PLAIN)) {
                return ResponseEntity.ok().contentType(wanted.isCompatibleWith(MediaType.TEXT_PLAIN) && !wanted.isWildcardSubtype()
                        ? MediaType.TEXT_PLAIN : MediaType.valueOf(MERMAID)).body(TextFormats.mermaid(d));
            }
        }
        return ResponseEntity.ok().contentType(MediaType.valueOf(SVG)).body(svg(d, limits, deadline));
    }

    /**
     * The layout's cost is its arrows and how far they reach, not its boxes: 98 boxes whose arrows
     * reach back to every earlier box kept ELK busy for 80 s. Both are checked before ELK starts.
     */
    private static String svg(Diagram d, LimitsProperties limits, Deadline deadline) {
        if (d.edges().size() > limits.maxDrawnEdges()) {
            throw new LimitExceededException("drawnEdges", limits.maxDrawnEdges(), d.edges().size(), "the picture has " + d.edges().size()
                    + " arrows; SVG pictures are laid out up to " + limits.maxDrawnEdges() + " (DOT and Mermaid have no such limit)");
        }
        long span = d.span();
        if (span > limits.maxDrawnSpan()) {
            throw new LimitExceededException("drawnSpan", limits.maxDrawnSpan(), span, "the picture's arrows span " + span
                    + " layers in all (each arrow counts the layers it crosses); SVG pictures are laid out up to " + limits.maxDrawnSpan()
                    + ": ask for DOT or Mermaid (Accept: text/vnd.graphviz), or use fewer long-range references");
        }
        return SvgRenderer.render(d, deadline);
    }

    private static List<MediaType> accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return List.of(MediaType.ALL);
        }
        List<MediaType> types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed()); // stable: equal q keep the client's order
        return types;
    }

    private static void checkSize(int nodes, int max) {
        if (nodes > max) {
            throw new LimitExceededException("drawnNodes", max, nodes, "the graph has " + nodes + " nodes; pictures are drawn up to "
                    + max + " (the JSON answer has no such limit)");
        }
    }

    private static String shape(Object value) {
        if (value instanceof double[] v) {
            return "[" + v.length + "]";
        }
        if (value instanceof double[][] m) {
            return "[" + m.length + " x " + (m.length == 0 ? 0 : m[0].length) + "]";
        }
        return "[]";
    }

    private static double norm(Object value) {
        double sum = 0;
        if (value instanceof Double v) {
            return Math.abs(v);
        }
        if (value instanceof double[] v) {
            for (double x : v) {
                sum += x * x;
            }
        } else if (value instanceof double[][] m) {
            for (double[] row : m) {
                for (double x : row) {
                    sum += x * x;
                }
            }
        }
        return Math.sqrt(sum);
    }

    /** Six significant digits: a picture to read, not the numbers to grade (those are in the JSON answer). */
    static String format(double v) {
        return Literal.approximate(v);
    }
}
