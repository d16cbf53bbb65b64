package dev.adjoint.diagram;

import dev.adjoint.autodiff.Deadline;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lays a diagram out with ELK's layered algorithm (left to right, orthogonal edges) and draws it
 * as a self-contained SVG document. Text is monospace, so its width can be known without fonts:
 * {@link #CHAR_WIDTH} per character at {@link #FONT_SIZE}.
 */
public final class SvgRenderer {

    static final double FONT_SIZE = 12;
    static final double CHAR_WIDTH = 7.3;
    static final double LINE_HEIGHT = 16;
    static final double PADDING = 8;

    private SvgRenderer() {
    }

    /** ELK's progress monitor, cancelled once the deadline passes; its sub-task monitors too. */
    private static final class Stoppable extends BasicProgressMonitor {

        private final Deadline deadline;

        Stoppable(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public boolean isCanceled() {
            return deadline.passed();
        }

        @Override
        protected BasicProgressMonitor doSubTask(float work, int maxHierarchyLevels) {
            return new Stoppable(deadline);
        }
    }

    public static String render(Diagram d) {
        return render(d, Deadline.NONE);
    }

    /**
     * As {@link #render(Diagram)}; ELK asks the deadline between its phases and stops early when
     * it has passed, and then this throws {@link dev.adjoint.autodiff.DeadlineExceededException}.
     */
    public static String render(Diagram d, Deadline deadline) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 50.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 24.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(16));
        Map<String, ElkNode> nodes = new HashMap<>();
        for (Diagram.Box b : d.nodes()) {
            ElkNode n = ElkGraphUtil.createNode(root);
            n.setIdentifier(b.id());
            int longest = b.lines().stream().mapToInt(String::length).max().orElse(1);
            n.setDimensions(longest * CHAR_WIDTH + 2 * PADDING, b.lines().size() * LINE_HEIGHT + 2 * PADDING);
            nodes.put(b.id(), n);
        }
        Map<ElkEdge, Diagram.Arrow> arrows = new HashMap<>();
        for (Diagram.Arrow a : d.edges()) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(nodes.get(a.from()), nodes.get(a.to()));
            if (a.label() != null) {
                ElkLabel l = ElkGraphUtil.createLabel(a.label(), e);
                l.setDimensions(a.label().length() * CHAR_WIDTH * 0.85, LINE_HEIGHT);
            }
            arrows.put(e, a);
        }
        new RecursiveGraphLayoutEngine().layout(root, new Stoppable(deadline));
        deadline.check();

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"adjoint-graph\" width=\"").append(num(root.getWidth()))
                .append("\" height=\"").append(num(root.getHeight())).append("\" viewBox=\"0 0 ").append(num(root.getWidth())).append(' ')
                .append(num(root.getHeight())).append("\" font-family=\"monospace\" font-size=\"").append(num(FONT_SIZE)).append("\">\n")
                .append("<style>.node rect{fill:#fff;stroke:#555;stroke-width:1}.node.input rect{fill:#eef6ff}.node.constant rect{fill:#f4f4f4}"
                        + ".node.output rect{stroke:#c33;stroke-width:2}.node text.head{font-weight:bold}.edge path{fill:none;stroke:#777;stroke-width:1.2}"
                        + ".edge text{fill:#1a5e20;font-size:10px}</style>\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#777\"/></marker></defs>\n");
        for (ElkEdge e : root.getContainedEdges()) {
            Diagram.Arrow a = arrows.get(e);
            svg.append("<g class=\"edge\" data-from=\"").append(xml(a.from())).append("\" data-to=\"").append(xml(a.to())).append("\">");
            for (ElkEdgeSection s : e.getSections()) {
                svg.append("<path marker-end=\"url(#arrow)\" d=\"M").append(num(s.getStartX())).append(',').append(num(s.getStartY()));
                for (ElkBendPoint p : s.getBendPoints()) {
                    svg.append(" L").append(num(p.getX())).append(',').append(num(p.getY()));
                }
                svg.append(" L").append(num(s.getEndX())).append(',').append(num(s.getEndY())).append("\"/>");
            }
            for (ElkLabel l : e.getLabels()) {
                svg.append("<text x=\"").append(num(l.getX())).append("\" y=\"").append(num(l.getY() + LINE_HEIGHT * 0.75)).append("\">")
                        .append(xml(l.getText())).append("</text>");
            }
            svg.append("</g>\n");
        }
        for (Diagram.Box b : d.nodes()) {
            ElkNode n = nodes.get(b.id());
            svg.append("<g class=\"node ").append(xml(b.kind())).append("\" data-id=\"").append(xml(b.id())).append("\">")
                    .append("<rect x=\"").append(num(n.getX())).append("\" y=\"").append(num(n.getY())).append("\" width=\"")
                    .append(num(n.getWidth())).append("\" height=\"").append(num(n.getHeight())).append("\" rx=\"4\"/>");
            for (int i = 0; i < b.lines().size(); i++) {
                svg.append("<text").append(i == 0 ? " class=\"head\"" : "").append(" x=\"").append(num(n.getX() + PADDING))
                        .append("\" y=\"").append(num(n.getY() + PADDING + (i + 0.8) * LINE_HEIGHT)).append("\">")
                        .append(xml(b.lines().get(i))).append("</text>");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
