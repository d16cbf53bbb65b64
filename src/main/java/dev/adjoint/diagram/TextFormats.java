package dev.adjoint.diagram;

/** A diagram as Graphviz DOT or Mermaid source: their own engines lay it out. */
public final class TextFormats {

    private TextFormats() {
    }

    public static String dot(Diagram d) {
        StringBuilder out = new StringBuilder("digraph adjoint {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"monospace\"];\n"
                + "  edge [fontname=\"monospace\", fontsize=10];\n");
        for (Diagram.Box b : d.nodes()) {
            out.append("  ").append(quoteDot(b.id())).append(" [label=").append(quoteDot(String.join("\n", b.lines())))
                    .append(b.kind().equals("output") ? ", penwidth=2" : "").append("];\n");
        }
        for (Diagram.Arrow a : d.edges()) {
            out.append("  ").append(quoteDot(a.from())).append(" -> ").append(quoteDot(a.to()));
            if (a.label() != null) {
                out.append(" [label=").append(quoteDot(a.label())).append(']');
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    /** Mermaid ids must be plain words, so boxes are n0, n1, ... and their ids go in the labels. */
    public static String mermaid(Diagram d) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        for (int i = 0; i < d.nodes().size(); i++) {
            Diagram.Box b = d.nodes().get(i);
            ids.put(b.id(), "n" + i);
            out.append("  n").append(i).append("[\"").append(escapeMermaid(String.join("<br/>", b.lines()))).append("\"]\n");
        }
        for (Diagram.Arrow a : d.edges()) {
            out.append("  ").append(ids.get(a.from()));
            out.append(a.label() == null ? " --> " : " -- \"" + escapeMermaid(a.label()) + "\" --> ");
            out.append(ids.get(a.to())).append('\n');
        }
        return out.toString();
    }

    private static String quoteDot(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /** Mermaid's entity codes for the characters that end or break a label. */
    private static String escapeMermaid(String s) {
        return s.replace("\"", "#quot;").replace("<br/>", "\u0000").replace("<", "#lt;").replace(">", "#gt;").replace("\u0000", "<br/>");
    }
}
