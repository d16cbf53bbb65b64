package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.ForwardMode;
import dev.adjoint.autodiff.GradientGraph;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Literal;
import dev.adjoint.autodiff.SecondOrder;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Warning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The front door for higher order and forward mode (API.md section 6): Jacobians, Hessians,
 * Hessian-vector products, Jacobian-vector products and derivative formulas of a compiled
 * expression or program. Takes domain inputs, returns domain results; the web layer only maps
 * JSON. Everything is built on the op table through {@link GradientGraph} (the gradient as a
 * graph) and {@link ForwardMode} (tangent sweeps).
 *
 * <p>Variables are scalars today; where a matrix of numbers is indexed by variables, they come in
 * the order of {@code wrt}.
 */
public final class HigherOrder {

    /** Which sweep a Jacobian took: one reverse sweep per output, or one forward sweep per variable. */
    public enum Mode { REVERSE, FORWARD }

    public record Jacobian(List<String> outputs, List<String> variables, Map<String, Map<String, Double>> jacobian,
                           Mode mode, List<Warning> warnings) {
    }

    public record Hessian(double value, Map<String, Double> gradient, List<String> variables, double[][] hessian,
                          List<Warning> warnings) {
    }

    public record HessianVectorProduct(double value, Map<String, Double> gradient, Map<String, Double> hvp,
                                       List<Warning> warnings) {
    }

    /** @param expression the node with its input ids ({@code a / b}); null for inputs and constants */
    public record NodeTangent(String id, String kind, String expression, double value, double tangent) {
    }

    public record Jvp(String output, double value, double tangent, List<NodeTangent> nodes, List<Warning> warnings) {
    }

    /**
     * A derivative as a formula.
     *
     * @param expression one line, or null when it is longer than the configured size
     * @param program    shared parts named, one per line, the derivative last (always present)
     * @param latex      the expression's LaTeX, or the program's (aligned lines) when there is no expression
     */
    public record Formula(String expression, String program, String latex) {
    }

    /** @param second null unless order 2 was asked for: d²y / d row d column */
    public record Derivatives(Map<String, Formula> first, Map<String, Map<String, Formula>> second) {
    }

    private final int maxNodes;
    private final long maxFormulaSize;
    private final long maxFormulaCharacters;

    /**
     * @param maxNodes       nodes in a gradient graph (the same limit as a compiled graph's)
     * @param maxFormulaSize       nodes of a one-line formula written out as a tree; longer ones come as programs only
     * @param maxFormulaCharacters characters of all the formulas of one answer together
     */
    public HigherOrder(int maxNodes, long maxFormulaSize, long maxFormulaCharacters) {
        this.maxNodes = maxNodes;
        this.maxFormulaSize = maxFormulaSize;
        this.maxFormulaCharacters = maxFormulaCharacters;
    }

    /**
     * d output / d variable for each output named (node ids of the graph: a program's names, or
     * variables) and each variable of wrt: a reverse sweep per output when there are no more
     * outputs than variables, else a forward sweep per variable.
     *
     * @param outputs null or empty for the compiled output alone
     */
    public Jacobian jacobian(CompiledExpression compiled, Map<String, Tensor> inputs, List<String> outputs) {
        return supported(() -> jacobianOf(compiled, inputs, outputs));
    }

    private Jacobian jacobianOf(CompiledExpression compiled, Map<String, Tensor> inputs, List<String> outputs) {
        Graph graph = compiled.graph();
        List<String> names = outputs == null || outputs.isEmpty() ? List.of(graph.id(compiled.output())) : outputs;
        int[] nodes = outputNodes(graph, names);
        List<String> wrt = compiled.wrt();
        Map<String, Map<String, Double>> jacobian = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        Mode mode = names.size() <= wrt.size() ? Mode.REVERSE : Mode.FORWARD;
        if (mode == Mode.REVERSE) {
            Set<String> wrtSet = new HashSet<>(wrt);
            for (int k = 0; k < nodes.length; k++) {
                Evaluation e = Evaluation.run(graph, inputs, wrtSet, nodes[k]);
                Map<String, Double> row = new LinkedHashMap<>();
                for (String v : wrt) {
                    row.put(v, e.gradient(graph.indexOf(v)).item());
                }
                jacobian.put(names.get(k), row);
                addNew(warnings, e.warnings());
            }
        } else {
            ForwardMode forward = ForwardMode.at(graph, inputs, new HashSet<>(wrt));
            for (String name : names) {
                jacobian.put(name, new LinkedHashMap<>());
            }
            for (String v : wrt) {
                double[] t = forward.tangents(Map.of(v, 1.0));
                for (int k = 0; k < nodes.length; k++) {
                    jacobian.get(names.get(k)).put(v, t[nodes[k]]);
                }
            }
            addNew(warnings, forward.values().warnings());
        }
        return new Jacobian(List.copyOf(names), wrt, jacobian, mode, warnings);
    }

    /** Value, gradient and the Hessian (symmetric, rows and columns in the order of wrt). */
    public Hessian hessian(CompiledExpression compiled, Map<String, Tensor> inputs) {
        return supported(() -> hessianOf(compiled, inputs));
    }

    private Hessian hessianOf(CompiledExpression compiled, Map<String, Tensor> inputs) {
        Evaluation e = evaluate(compiled, inputs);
        SecondOrder second = SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, maxNodes);
        double[][] h = second.hessian();
        List<Warning> warnings = new ArrayList<>(e.warnings());
        List<String> variables = compiled.wrt();
        outer:
        for (int i = 0; i < h.length; i++) {
            for (int j = i; j < h.length; j++) {
                if (!Double.isFinite(h[i][j])) {
                    warnings.add(new Warning(variables.get(i), "hessian", "the second derivative of " + compiled.graph().id(compiled.output())
                            + " with respect to " + variables.get(i) + " and " + variables.get(j) + " is " + h[i][j] + at(inputs)));
                    break outer;
                }
            }
        }
        return new Hessian(e.value(compiled.output()).item(), gradientOf(compiled, e), variables, h, warnings);
    }

    /** H v without forming H: forward over reverse on dual numbers ({@link SecondOrder}). {@code vector} is checked by {@link #direction}. */
    public HessianVectorProduct hvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Double> vector) {
        return supported(() -> hvpOf(compiled, inputs, vector));
    }

    private HessianVectorProduct hvpOf(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Double> vector) {
        Evaluation e = evaluate(compiled, inputs);
        SecondOrder second = SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, maxNodes);
        Map<String, Double> hv = second.hessianTimes(vector);
        List<Warning> warnings = new ArrayList<>(e.warnings());
        hv.forEach((v, x) -> {
            if (!Double.isFinite(x) && warnings.stream().noneMatch(w -> "hvp".equals(w.quantity()))) {
                warnings.add(new Warning(v, "hvp", "entry " + v + " of the Hessian-vector product is " + x + at(inputs)));
            }
        });
        return new HessianVectorProduct(e.value(compiled.output()).item(), gradientOf(compiled, e), hv, warnings);
    }

    /** Forward mode: every node's value and tangent along {@code tangents}, in one sweep up the graph. */
    public Jvp jvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Double> tangents) {
        return supported(() -> jvpOf(compiled, inputs, tangents));
    }

    private Jvp jvpOf(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Double> tangents) {
        Graph graph = compiled.graph();
        ForwardMode forward = ForwardMode.at(graph, inputs, new HashSet<>(compiled.wrt()));
        double[] t = forward.tangents(tangents);
        List<NodeTangent> nodes = new ArrayList<>(graph.size());
        List<Warning> warnings = new ArrayList<>(forward.values().warnings());
        boolean warned = false;
        for (int node = 0; node < graph.size(); node++) {
            boolean operation = graph.kind(node) == Graph.Kind.OPERATION;
            nodes.add(new NodeTangent(graph.id(node), graph.kind(node).name().toLowerCase(java.util.Locale.ROOT),
                    operation ? graph.expression(node) : null, forward.values().value(node).item(), t[node]));
            if (!warned && !Double.isFinite(t[node])) {
                warnings.add(new Warning(graph.id(node), "tangent", "the tangent of " + graph.id(node)
                        + (graph.kind(node) == Graph.Kind.OPERATION ? " = " + graph.expression(node) : "") + " is " + t[node] + at(inputs)));
                warned = true;
            }
        }
        int out = compiled.output();
        return new Jvp(graph.id(out), forward.values().value(out).item(), t[out], nodes, warnings);
    }

    /** The derivative of the output for each variable of wrt as formulas; with {@code order} 2 also the second derivatives. */
    public Derivatives derivatives(CompiledExpression compiled, int order) {
        return supported(() -> derivativesOf(compiled, order));
    }

    private Derivatives derivativesOf(CompiledExpression compiled, int order) {
        Graph graph = compiled.graph();
        List<String> wrt = compiled.wrt();
        GradientGraph first = GradientGraph.of(graph, compiled.output(), wrt, maxNodes);
        long[] characters = {0};
        Map<String, Formula> formulas = new LinkedHashMap<>();
        first.gradients().forEach((v, node) -> formulas.put(v, counted(formula(first.graph(), node, "g_" + v, graph), characters)));
        Map<String, Map<String, Formula>> second = null;
        if (order >= 2) {
            second = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> row : first.gradients().entrySet()) {
                GradientGraph g2 = GradientGraph.of(first.graph(), row.getValue(), wrt, maxNodes);
                Map<String, Formula> r = new LinkedHashMap<>();
                g2.gradients().forEach((v, node) -> r.put(v, counted(formula(g2.graph(), node, "h_" + row.getKey() + "_" + v, graph), characters)));
                second.put(row.getKey(), r);
            }
        }
        return new Derivatives(formulas, second);
    }

    /**
     * Checks a direction ({@code vector} of a Hessian-vector product, {@code tangents} of a JVP):
     * one number for every variable of wrt, and no other names. Each problem is a diagnostic with
     * the field's path; an unknown name gets a "did you mean".
     */
    public static Map<String, Double> direction(String field, Map<String, Double> given, CompiledExpression compiled, Set<String> bound) {
        List<Diagnostic> problems = new ArrayList<>();
        if (given == null) {
            problems.add(Diagnostic.inField(field, "missing-" + field, "send " + field + ": one number per variable of wrt ("
                    + String.join(", ", compiled.wrt()) + ")", null));
            throw new NotComputableException(problems);
        }
        Set<String> wrt = new LinkedHashSet<>(compiled.wrt());
        given.forEach((name, value) -> {
            if (!wrt.contains(name)) {
                String suggestion = Suggestions.closest(name, wrt);
                String why = bound.contains(name) ? "'" + name + "' is bound but not in wrt, so it does not move"
                        : "'" + name + "' is not a variable of this request";
                problems.add(new Diagnostic("unknown-variable", "in " + field + ": " + why
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "; the variables are " + String.join(", ", wrt)),
                        name, suggestion, null, null, null, field + "." + name));
            } else if (value == null) {
                problems.add(Diagnostic.inField(field + "." + name, "not-a-number", field + "." + name + " is null; give it a number", name));
            }
        });
        for (String v : wrt) {
            if (!given.containsKey(v)) {
                problems.add(Diagnostic.inField(field + "." + v, "missing-entry", field + " has no entry for '" + v
                        + "': give one number per variable of wrt", v));
            }
        }
        if (!problems.isEmpty()) {
            throw new NotComputableException(problems);
        }
        return given;
    }

    /** Adds the formula's length to the answer's; over the limit, a 413 rather than an answer of gigabytes. */
    private Formula counted(Formula f, long[] characters) {
        characters[0] += f.program().length() + f.latex().length() + (f.expression() == null ? 0 : f.expression().length());
        if (characters[0] > maxFormulaCharacters) {
            throw new LimitExceededException("formulaCharacters", maxFormulaCharacters, characters[0],
                    "the derivatives' formulas would be more than " + maxFormulaCharacters + " characters; narrow wrt or ask for order 1");
        }
        return f;
    }

    private Formula formula(Graph graph, int node, String preferredName, Graph original) {
        FormulaPrinter printer = new FormulaPrinter(graph, node);
        String name = preferredName;
        while (graph.indexOf(name) >= 0 && graph.indexOf(name) != node || original.indexOf(name) >= 0) {
            name = name + "_";
        }
        String expression = printer.expression(FormulaPrinter.Style.TEXT, maxFormulaSize);
        String program = printer.program(name, FormulaPrinter.Style.TEXT);
        String latex = expression != null ? printer.expression(FormulaPrinter.Style.LATEX, maxFormulaSize)
                : printer.program(name, FormulaPrinter.Style.LATEX);
        return new Formula(expression, program, latex);
    }

    /**
     * An op with no higher-order rule yet (a tensor op before it gets its node-built VJP and its JVP)
     * is a 422 naming the op, not a server error.
     */
    private static <T> T supported(java.util.function.Supplier<T> computation) {
        try {
            return computation.get();
        } catch (UnsupportedOperationException e) {
            throw new NotComputableException(List.of(new Diagnostic("not-supported", e.getMessage(), null, null, null, null, null, null)));
        }
    }

    private static int[] outputNodes(Graph graph, List<String> names) {
        int[] nodes = new int[names.size()];
        List<Diagnostic> problems = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        for (int node = 0; node < graph.size(); node++) {
            if (graph.kind(node) != Graph.Kind.CONSTANT) {
                known.add(graph.id(node));
            }
        }
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            nodes[k] = name == null ? -1 : graph.indexOf(name);
            if (nodes[k] < 0 || graph.kind(nodes[k]) == Graph.Kind.CONSTANT) {
                String suggestion = name == null ? null : Suggestions.closest(name, known);
                problems.add(new Diagnostic("unknown-output", "outputs[" + k + "] names '" + name + "', which is not a node of the graph"
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""), name, suggestion, null, null, null, "outputs[" + k + "]"));
            }
        }
        if (!problems.isEmpty()) {
            throw new NotComputableException(problems);
        }
        return nodes;
    }

    private static Evaluation evaluate(CompiledExpression compiled, Map<String, Tensor> inputs) {
        return Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output());
    }

    private static Map<String, Double> gradientOf(CompiledExpression compiled, Evaluation e) {
        Map<String, Double> g = new LinkedHashMap<>();
        for (String v : compiled.wrt()) {
            g.put(v, e.gradient(compiled.graph().indexOf(v)).item());
        }
        return g;
    }

    private static void addNew(List<Warning> into, List<Warning> found) {
        for (Warning w : found) {
            if (!into.contains(w)) {
                into.add(w);
            }
        }
    }

    private static String at(Map<String, Tensor> inputs) {
        StringBuilder s = new StringBuilder();
        inputs.forEach((k, v) -> {
            if (v.isScalar()) {
                s.append(s.length() == 0 ? " at " : ", ").append(k).append(" = ").append(Literal.format(v.item()));
            }
        });
        return s.toString();
    }
}
