package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a graph printed back as a formula of this language (so it can be sent back as an
 * expression or a program) or as LaTeX. Loops up the array, never recursion: each node's text is
 * built from its inputs' texts, with parentheses only where precedence needs them ({@code ^} binds
 * tighter than unary minus, as the parser reads it).
 *
 * <p>Three forms: {@link #program} names every part used more than once (so its size is linear in
 * the graph's, whatever the sharing), {@link #expression} inlines everything and is given only when
 * its expanded size (counted with saturating arithmetic, so 2^30 terms are never built to be
 * counted) fits a limit, and LaTeX of either.
 */
final class FormulaPrinter {

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega");

    enum Style { TEXT, LATEX }

    /** A rendered node: its text and the precedence of its outermost operator. */
    private record Rendered(String text, int level) {
    }

    private final Graph graph;
    private final int root;
    /** The nodes the root depends on, root included. */
    private final boolean[] cone;
    /** Per node: its inputs as indices (the graph exposes ids). */
    private final int[][] inputs;

    FormulaPrinter(Graph graph, int root) {
        this.graph = graph;
        this.root = root;
        this.cone = new boolean[root + 1];
        this.inputs = new int[root + 1][];
        cone[root] = true;
        for (int node = root; node >= 0; node--) {
            if (!cone[node]) {
                continue;
            }
            List<String> ids = graph.inputIds(node);
            int[] in = new int[ids.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = graph.indexOf(ids.get(i));
                cone[in[i]] = true;
            }
            inputs[node] = in;
        }
    }

    /** The number of nodes of the formula written out as a tree, saturating at {@code Long.MAX_VALUE}. */
    long expandedSize() {
        long[] size = new long[root + 1];
        for (int node = 0; node <= root; node++) {
            if (!cone[node]) {
                continue;
            }
            long s = 1;
            if (graph.kind(node) == Graph.Kind.OPERATION) {
                for (int i : inputs[node]) {
                    s = saturatingAdd(s, size[i]);
                }
            }
            size[node] = s;
        }
        return size[root];
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The whole formula on one line, or null when its expanded size is over {@code maxSize}. */
    String expression(Style style, long maxSize) {
        if (expandedSize() > maxSize) {
            return null;
        }
        return render(Set.of(), Map.of(), style)[root].text();
    }

    /**
     * The formula as program lines: one {@code name = ...} per operation used more than once, in
     * evaluation order, then {@code resultName = ...}. In LaTeX, one aligned equation per line.
     */
    String program(String resultName, Style style) {
        int[] uses = new int[root + 1];
        for (int node = 0; node <= root; node++) {
            if (cone[node] && graph.kind(node) == Graph.Kind.OPERATION) {
                for (int i : inputs[node]) {
                    uses[i]++;
                }
            }
        }
        Set<Integer> named = new HashSet<>();
        Map<Integer, String> names = new HashMap<>();
        List<Integer> lines = new ArrayList<>();
        for (int node = 0; node < root; node++) {
            if (cone[node] && graph.kind(node) == Graph.Kind.OPERATION && uses[node] >= 2 && !isTransparent(node)) {
                named.add(node);
                names.put(node, graph.id(node));
                lines.add(node);
            }
        }
        Rendered[] r = render(named, names, style);
        StringBuilder out = new StringBuilder();
        if (style == Style.LATEX) {
            out.append("\\begin{aligned}");
        }
        lines.add(root);
        for (int k = 0; k < lines.size(); k++) {
            int node = lines.get(k);
            String name = node == root ? resultName : names.get(node);
            if (style == Style.LATEX) {
                out.append(k == 0 ? " " : " \\\\ ").append(latexName(name)).append(" &= ").append(r[node].text());
            } else {
                out.append(k == 0 ? "" : "\n").append(name).append(" = ").append(r[node].text());
            }
        }
        if (style == Style.LATEX) {
            out.append(" \\end{aligned}");
        }
        return out.toString();
    }

    private boolean isProduct(int node) {
        return graph.kind(node) == Graph.Kind.OPERATION && (graph.op(node) == Op.MUL || graph.op(node) == Op.DIV);
    }

    /**
     * Identity nodes print as their input, and literals of numbers ({@code [1, 1, 1]}) are as short
     * as a name would be, so neither gets a line of its own.
     */
    private boolean isTransparent(int node) {
        if (graph.op(node) == Op.IDENTITY) {
            return true;
        }
        if (graph.op(node) != Op.LITERAL) {
            return false;
        }
        for (int i : inputs[node]) {
            if (graph.kind(i) != Graph.Kind.CONSTANT && !(graph.kind(i) == Graph.Kind.OPERATION && isTransparent(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each node's own rendering (its op over its inputs), with the named nodes standing as their
     * names wherever they are used: {@code definitions[node]} is what a named node's line says.
     */
    private Rendered[] render(Set<Integer> named, Map<Integer, String> names, Style style) {
        Rendered[] definitions = new Rendered[root + 1];
        Rendered[] references = new Rendered[root + 1];
        for (int node = 0; node <= root; node++) {
            if (!cone[node]) {
                continue;
            }
            definitions[node] = switch (graph.kind(node)) {
                case INPUT -> new Rendered(style == Style.LATEX ? latexName(graph.id(node)) : graph.id(node), ATOM);
                case CONSTANT -> constant(graph.id(node), style);
                case OPERATION -> style == Style.LATEX ? latex(node, references) : text(node, references);
            };
            references[node] = named.contains(node)
                    ? new Rendered(style == Style.LATEX ? latexName(names.get(node)) : names.get(node), ATOM)
                    : definitions[node];
        }
        return definitions;
    }

    private static Rendered constant(String id, Style style) {
        boolean negative = id.startsWith("-");
        String text = style == Style.LATEX ? latexName(id) : id;
        return new Rendered(text, negative ? UNARY : ATOM);
    }

    private Rendered text(int node, Rendered[] r) {
        int[] in = inputs[node];
        Op op = graph.op(node);
        switch (op) {
            case ADD: {
                StringBuilder s = new StringBuilder(wrap(r[in[0]], SUM, Style.TEXT));
                for (int k = 1; k < in.length; k++) {
                    appendTerm(s, in[k], r, Style.TEXT);
                }
                return new Rendered(s.toString(), SUM);
            }
            case SUB:
                return new Rendered(wrap(r[in[0]], SUM, Style.TEXT) + " - " + wrap(r[in[1]], PRODUCT, Style.TEXT, UNARY), SUM);
            case MUL: // a * (b * c) and a * (b / c) print without parentheses: the same product, read left to right
                return new Rendered(wrap(r[in[0]], PRODUCT, Style.TEXT) + " * " + wrap(r[in[1]], isProduct(in[1]) ? PRODUCT : POWER, Style.TEXT), PRODUCT);
            case DIV:
                return new Rendered(wrap(r[in[0]], PRODUCT, Style.TEXT) + " / " + wrap(r[in[1]], POWER, Style.TEXT), PRODUCT);
            case POW:
                return new Rendered(wrap(r[in[0]], ATOM, Style.TEXT) + "^" + wrap(r[in[1]], POWER, Style.TEXT), POWER);
            case NEG: // -a * b and -a / b read as (-a) * b: the same number, so no parentheses
                return new Rendered("-" + wrap(r[in[0]], PRODUCT, Style.TEXT), Math.min(UNARY, r[in[0]].level()));
            case IDENTITY:
                return r[in[0]];
            // tensors (API section 5): @ is as tight as * and left-associative; ' and [i] are postfix, tightest of all
            case MATRIX_PRODUCT:
                return new Rendered(wrap(r[in[0]], PRODUCT, Style.TEXT) + " @ " + wrap(r[in[1]], POWER, Style.TEXT), PRODUCT);
            case TRANSPOSED_PRODUCT:
                return new Rendered(wrap(r[in[0]], ATOM, Style.TEXT) + "' @ " + wrap(r[in[1]], POWER, Style.TEXT), PRODUCT);
            case PRODUCT_TRANSPOSED:
                return new Rendered(wrap(r[in[0]], PRODUCT, Style.TEXT) + " @ " + wrap(r[in[1]], ATOM, Style.TEXT) + "'", PRODUCT);
            case TRANSPOSE:
                return new Rendered(wrap(r[in[0]], ATOM, Style.TEXT) + "'", ATOM);
            case INDEX:
                return new Rendered(wrap(r[in[0]], ATOM, Style.TEXT) + index(node), ATOM);
            case LITERAL:
                return new Rendered(joined("[", in, r, "]"), ATOM);
            default: {
                int[] axis = graph.attributes(node);
                String args = joined(op.symbol() + "(", in, r, "");
                return new Rendered(args + (axis == null ? "" : ", " + axis[0]) + ")", ATOM);
            }
        }
    }

    /** {@code [2]} or {@code [1, 0]}: an index node's attributes as the language writes them. */
    private String index(int node) {
        int[] at = graph.attributes(node);
        return at.length == 1 ? "[" + at[0] + "]" : "[" + at[0] + ", " + at[1] + "]";
    }

    private static String joined(String open, int[] in, Rendered[] r, String close) {
        StringBuilder s = new StringBuilder(open);
        for (int k = 0; k < in.length; k++) {
            s.append(k == 0 ? "" : ", ").append(r[in[k]].text());
        }
        return s.append(close).toString();
    }

    /** A further term of a sum: {@code + t}, or {@code - t} for a negation or a negative constant. */
    private void appendTerm(StringBuilder s, int term, Rendered[] r, Style style) {
        Rendered t = r[term];
        if (graph.kind(term) == Graph.Kind.OPERATION && graph.op(term) == Op.NEG && t.text().startsWith("-")) {
            Rendered inner = r[inputs[term][0]];
            s.append(" - ").append(wrap(inner, PRODUCT, style));
        } else if (graph.kind(term) == Graph.Kind.CONSTANT && t.text().startsWith("-")) {
            s.append(" - ").append(t.text().substring(1));
        } else {
            s.append(" + ").append(wrap(t, SUM, style));
        }
    }

    private Rendered latex(int node, Rendered[] r) {
        int[] in = inputs[node];
        Op op = graph.op(node);
        Style l = Style.LATEX;
        switch (op) {
            case ADD: {
                StringBuilder s = new StringBuilder(wrap(r[in[0]], SUM, l));
                for (int k = 1; k < in.length; k++) {
                    appendTerm(s, in[k], r, l);
                }
                return new Rendered(s.toString(), SUM);
            }
            case SUB:
                return new Rendered(wrap(r[in[0]], SUM, l) + " - " + wrap(r[in[1]], PRODUCT, l, UNARY), SUM);
            case MUL:
                return new Rendered(wrap(r[in[0]], PRODUCT, l) + " \\cdot " + wrap(r[in[1]], isProduct(in[1]) ? PRODUCT : POWER, l), PRODUCT);
            case DIV:
                return new Rendered("\\frac{" + r[in[0]].text() + "}{" + r[in[1]].text() + "}", POWER);
            case POW:
                return new Rendered(wrap(r[in[0]], ATOM, l) + "^{" + r[in[1]].text() + "}", POWER);
            case NEG:
                return new Rendered("-" + wrap(r[in[0]], PRODUCT, l), Math.min(UNARY, r[in[0]].level()));
            case IDENTITY:
                return r[in[0]];
            case EXP:
                return new Rendered("e^{" + r[in[0]].text() + "}", POWER);
            case SQRT:
                return new Rendered("\\sqrt{" + r[in[0]].text() + "}", ATOM);
            case ABS:
                return new Rendered("\\left|" + r[in[0]].text() + "\\right|", ATOM);
            case MATRIX_PRODUCT:
                return new Rendered(wrap(r[in[0]], PRODUCT, l) + " \\, " + wrap(r[in[1]], POWER, l), PRODUCT);
            case TRANSPOSED_PRODUCT:
                return new Rendered(wrap(r[in[0]], ATOM, l) + "^{\\top} \\, " + wrap(r[in[1]], POWER, l), PRODUCT);
            case PRODUCT_TRANSPOSED:
                return new Rendered(wrap(r[in[0]], PRODUCT, l) + " \\, " + wrap(r[in[1]], ATOM, l) + "^{\\top}", PRODUCT);
            case TRANSPOSE:
                return new Rendered(wrap(r[in[0]], ATOM, l) + "^{\\top}", POWER);
            case INDEX: {
                int[] at = graph.attributes(node);
                return new Rendered(wrap(r[in[0]], ATOM, l) + "_{" + at[0] + (at.length == 2 ? "," + at[1] : "") + "}", ATOM);
            }
            case LITERAL: {
                boolean matrix = graph.kind(in[0]) == Graph.Kind.OPERATION && graph.op(in[0]) == Op.LITERAL;
                StringBuilder s = new StringBuilder("\\begin{bmatrix} ");
                for (int k = 0; k < in.length; k++) {
                    if (matrix) {
                        int[] row = inputs[in[k]];
                        s.append(k == 0 ? "" : " \\\\ ");
                        for (int j = 0; j < row.length; j++) {
                            s.append(j == 0 ? "" : " & ").append(r[row[j]].text());
                        }
                    } else {
                        s.append(k == 0 ? "" : " & ").append(r[in[k]].text());
                    }
                }
                return new Rendered(s.append(" \\end{bmatrix}").toString(), ATOM);
            }
            default: {
                int[] axis = graph.attributes(node);
                StringBuilder s = new StringBuilder(latexFunction(op)).append(axis == null ? "" : "_{" + axis[0] + "}").append("\\left(");
                for (int k = 0; k < in.length; k++) {
                    s.append(k == 0 ? "" : ", ").append(r[in[k]].text());
                }
                return new Rendered(s.append("\\right)").toString(), ATOM);
            }
        }
    }

    private static String latexFunction(Op op) {
        return switch (op) {
            case LOG -> "\\ln";
            case LOG2 -> "\\log_{2}";
            case LOG10 -> "\\log_{10}";
            case SIN, COS, TAN, SINH, COSH, TANH -> "\\" + op.symbol();
            case ASIN -> "\\arcsin";
            case ACOS -> "\\arccos";
            case ATAN -> "\\arctan";
            case SIGMOID -> "\\sigma";
            default -> "\\operatorname{" + op.symbol().replace("_", "\\_") + "}";
        };
    }

    /** {@code beta_0 -> \beta_{0}}, {@code t12 -> t_{12}}, {@code rate -> \mathrm{rate}}, numbers as they are. */
    static String latexName(String name) {
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            return name;
        }
        String head = name;
        String sub = null;
        int underscore = name.indexOf('_');
        if (underscore > 0) {
            head = name.substring(0, underscore);
            sub = name.substring(underscore + 1);
        } else {
            int digits = name.length();
            while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) {
                digits--;
            }
            if (digits > 0 && digits < name.length()) {
                head = name.substring(0, digits);
                sub = name.substring(digits);
            }
        }
        String h = GREEK.contains(head) ? "\\" + head : head.length() == 1 ? head : "\\mathrm{" + head.replace("_", "\\_") + "}";
        if (sub == null) {
            return h;
        }
        String s = sub.replace("_", "\\_");
        return h + "_{" + (GREEK.contains(sub) ? "\\" + sub : s) + "}";
    }

    private static String wrap(Rendered r, int least, Style style) {
        return wrap(r, least, style, -1);
    }

    /** The text, in parentheses if its precedence is below {@code least} or equals {@code alsoWrap}. */
    private static String wrap(Rendered r, int least, Style style, int alsoWrap) {
        if (r.level() >= least && r.level() != alsoWrap) {
            return r.text();
        }
        return style == Style.LATEX ? "\\left(" + r.text() + "\\right)" : "(" + r.text() + ")";
    }
}
