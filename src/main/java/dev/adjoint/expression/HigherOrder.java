package dev.adjoint.expression;

import dev.adjoint.autodiff.Deadline;
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
 * <p>Variables may be numbers, vectors or matrices; where a matrix of numbers is indexed by
 * variables, their elements come flattened row-major in the order of {@code wrt}
 * ({@link #elementNames}). Derivative formulas are of each variable's shape (the gradient
 * formula of a matrix W is a matrix-valued formula); second-derivative formulas have a row for
 * each scalar variable of wrt.
 */
public final class HigherOrder {

    /** Which sweep a Jacobian took: one reverse sweep per output, or one forward sweep per variable. */
    public enum Mode { REVERSE, FORWARD }

    /** @param jacobian by output then variable: a Double when both are scalars, else a double[elements of output][elements of variable] */
    public record Jacobian(List<String> outputs, List<String> variables, Map<String, Map<String, Object>> jacobian,
                           Mode mode, List<Warning> warnings) {
    }

    /** @param variables one per row: the elements of wrt's variables, row-major ({@code x}, {@code v[2]}, {@code A[1,0]}) */
    public record Hessian(double value, Map<String, Tensor> gradient, List<String> variables, double[][] hessian,
                          List<Warning> warnings) {
    }

    public record HessianVectorProduct(double value, Map<String, Tensor> gradient, Map<String, Tensor> hvp,
                                       List<Warning> warnings) {
    }

    /** @param expression the node with its input ids ({@code a / b}); null for inputs and constants */
    public record NodeTangent(String id, String kind, String expression, Tensor value, Tensor tangent) {
    }

    public record Jvp(String output, Tensor value, Tensor tangent, List<NodeTangent> nodes, List<Warning> warnings) {
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
    public Jacobian jacobian(CompiledExpression compiled, Map<String, Tensor> inputs, List<String> outputs, long maxEntries) {
        return jacobian(compiled, inputs, outputs, maxEntries, Deadline.NONE);
    }

    /** As above, checking {@code deadline} between sweeps. */
    public Jacobian jacobian(CompiledExpression compiled, Map<String, Tensor> inputs, List<String> outputs, long maxEntries, Deadline deadline) {
        return supported(() -> jacobianOf(compiled, inputs, outputs, maxEntries, deadline));
    }

    /**
     * Tensors are flattened row-major: an output of m elements and a variable of n give an m x n
     * block. Reverse mode seeds one sweep per output element with a basis vector (a row of the
     * block); forward mode pushes one unit tangent per variable element (a column); the side with
     * fewer elements decides.
     */
    private Jacobian jacobianOf(CompiledExpression compiled, Map<String, Tensor> inputs, List<String> outputs, long maxEntries,
                                Deadline deadline) {
        Graph graph = compiled.graph();
        List<String> names = outputs == null || outputs.isEmpty() ? List.of(graph.id(compiled.output())) : outputs;
        int[] nodes = outputNodes(graph, names);
        List<String> wrt = compiled.wrt();
        ForwardMode forward = ForwardMode.at(graph, inputs, new HashSet<>(wrt), deadline);
        long rows = 0;
        for (int node : nodes) {
            rows += forward.values().value(node).size();
        }
        long columns = 0;
        for (String v : wrt) {
            columns += inputs.get(v).size();
        }
        if (rows * columns > maxEntries) {
            throw new LimitExceededException("jacobianEntries", maxEntries, rows * columns, "the Jacobian would have "
                    + rows * columns + " entries (" + rows + " output elements x " + columns + " variable elements); the limit is " + maxEntries);
        }
        Map<String, double[][]> blocks = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>(forward.values().warnings());
        Mode mode = rows <= columns ? Mode.REVERSE : Mode.FORWARD;
        double[][][][] block = new double[nodes.length][wrt.size()][][];
        for (int k = 0; k < nodes.length; k++) {
            int m = forward.values().value(nodes[k]).size();
            for (int v = 0; v < wrt.size(); v++) {
                block[k][v] = new double[m][inputs.get(wrt.get(v)).size()];
            }
        }
        if (mode == Mode.REVERSE) {
            Set<String> wrtSet = new HashSet<>(wrt);
            for (int k = 0; k < nodes.length; k++) {
                Tensor out = forward.values().value(nodes[k]);
                for (int e = 0; e < out.size(); e++) {
                    deadline.check();
                    Evaluation ev = Evaluation.run(graph, inputs, wrtSet, nodes[k], basis(out, e));
                    for (int v = 0; v < wrt.size(); v++) {
                        Tensor g = ev.gradient(graph.indexOf(wrt.get(v)));
                        if (g != null) {
                            block[k][v][e] = g.toArray();
                        }
                    }
                    addNew(warnings, ev.warnings());
                }
            }
        } else {
            for (int v = 0; v < wrt.size(); v++) {
                Tensor variable = inputs.get(wrt.get(v));
                for (int j = 0; j < variable.size(); j++) {
                    deadline.check();
                    Tensor[] t = forward.tangentTensors(Map.of(wrt.get(v), basis(variable, j)));
                    for (int k = 0; k < nodes.length; k++) {
                        double[] column = t[nodes[k]].toArray();
                        for (int e = 0; e < column.length; e++) {
                            block[k][v][e][j] = column[e];
                        }
                    }
                }
            }
        }
        Map<String, Map<String, Object>> jacobian = new LinkedHashMap<>();
        for (int k = 0; k < nodes.length; k++) {
            boolean scalarOut = forward.values().value(nodes[k]).isScalar();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int v = 0; v < wrt.size(); v++) {
                row.put(wrt.get(v), scalarOut && inputs.get(wrt.get(v)).isScalar() ? (Object) block[k][v][0][0] : block[k][v]);
            }
            jacobian.put(names.get(k), row);
        }
        return new Jacobian(List.copyOf(names), wrt, jacobian, mode, warnings);
    }

    /** The tensor of {@code like}'s shape with 1 at row-major element {@code k}, 0 elsewhere. */
    private static Tensor basis(Tensor like, int k) {
        double[] data = new double[like.size()];
        data[k] = 1.0;
        return Tensor.of(like.shape(), data);
    }

    /** The names of a variable's elements, row-major: {@code x}, {@code v[2]}, {@code A[1,0]}. */
    public static List<String> elementNames(String variable, int[] shape) {
        if (shape.length == 0) {
            return List.of(variable);
        }
        List<String> names = new ArrayList<>();
        if (shape.length == 1) {
            for (int i = 0; i < shape[0]; i++) {
                names.add(variable + "[" + i + "]");
            }
        } else {
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    names.add(variable + "[" + i + "," + j + "]");
                }
            }
        }
        return names;
    }

    /** Value, gradient and the Hessian (symmetric, rows and columns in the order of wrt). */
    public Hessian hessian(CompiledExpression compiled, Map<String, Tensor> inputs) {
        return hessian(compiled, inputs, Deadline.NONE);
    }

    /** As above, stopping once {@code deadline} passes. */
    public Hessian hessian(CompiledExpression compiled, Map<String, Tensor> inputs, Deadline deadline) {
        return supported(() -> hessianOf(compiled, inputs, deadline));
    }

    private Hessian hessianOf(CompiledExpression compiled, Map<String, Tensor> inputs, Deadline deadline) {
        Evaluation e = evaluate(compiled, inputs);
        SecondOrder second = SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, maxNodes).until(deadline);
        double[][] h = second.hessian();
        List<Warning> warnings = new ArrayList<>(e.warnings());
        List<String> variables = new ArrayList<>();
        for (String v : compiled.wrt()) {
            variables.addAll(elementNames(v, inputs.get(v).shape()));
        }
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
    public HessianVectorProduct hvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> vector) {
        return hvp(compiled, inputs, vector, Deadline.NONE);
    }

    /** As above, stopping once {@code deadline} passes. */
    public HessianVectorProduct hvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> vector, Deadline deadline) {
        return supported(() -> hvpOf(compiled, inputs, vector, deadline));
    }

    private HessianVectorProduct hvpOf(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> vector, Deadline deadline) {
        Evaluation e = evaluate(compiled, inputs);
        SecondOrder second = SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, maxNodes).until(deadline);
        Map<String, Tensor> hv = second.hessianTimes(vector);
        List<Warning> warnings = new ArrayList<>(e.warnings());
        hv.forEach((v, x) -> {
            if (!x.isFinite() && warnings.stream().noneMatch(w -> "hvp".equals(w.quantity()))) {
                warnings.add(new Warning(v, "hvp", "entry " + v + " of the Hessian-vector product is "
                        + (x.isScalar() ? String.valueOf(x.item()) : "not finite") + at(inputs)));
            }
        });
        return new HessianVectorProduct(e.value(compiled.output()).item(), gradientOf(compiled, e), hv, warnings);
    }

    /** Forward mode: every node's value and tangent along {@code tangents} (each of its variable's shape), in one sweep up the graph. */
    public Jvp jvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> tangents) {
        return jvp(compiled, inputs, tangents, Deadline.NONE);
    }

    /** As above, stopping with {@link dev.adjoint.autodiff.DeadlineExceededException} once {@code deadline} passes. */
    public Jvp jvp(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> tangents, Deadline deadline) {
        return supported(() -> jvpOf(compiled, inputs, tangents, deadline));
    }

    private Jvp jvpOf(CompiledExpression compiled, Map<String, Tensor> inputs, Map<String, Tensor> tangents, Deadline deadline) {
        Graph graph = compiled.graph();
        ForwardMode forward = ForwardMode.at(graph, inputs, new HashSet<>(compiled.wrt()), deadline);
        Tensor[] t = forward.tangentTensors(tangents);
        List<NodeTangent> nodes = new ArrayList<>(graph.size());
        List<Warning> warnings = new ArrayList<>(forward.values().warnings());
        boolean warned = false;
        for (int node = 0; node < graph.size(); node++) {
            boolean operation = graph.kind(node) == Graph.Kind.OPERATION;
            nodes.add(new NodeTangent(graph.id(node), graph.kind(node).name().toLowerCase(java.util.Locale.ROOT),
                    operation ? graph.expression(node) : null, forward.values().value(node), t[node]));
            if (!warned && !t[node].isFinite()) {
                warnings.add(new Warning(graph.id(node), "tangent", "the tangent of " + graph.id(node)
                        + (graph.kind(node) == Graph.Kind.OPERATION ? " = " + graph.expression(node) : "") + (t[node].isScalar() ? " is " + t[node].item() : " has an element that is not finite") + at(inputs)));
                warned = true;
            }
        }
        int out = compiled.output();
        return new Jvp(graph.id(out), forward.values().value(out), t[out], nodes, warnings);
    }

    /** The derivative of the output for each variable of wrt as formulas; with {@code order} 2 also the second derivatives. */
    public Derivatives derivatives(CompiledExpression compiled, int order) {
        return derivatives(compiled, order, Deadline.NONE);
    }

    /** As above, stopping with {@link dev.adjoint.autodiff.DeadlineExceededException} once {@code deadline} passes. */
    public Derivatives derivatives(CompiledExpression compiled, int order, Deadline deadline) {
        return derivatives(compiled, order, deadline, Set.of());
    }

    /**
     * As above, for a request that also binds {@code bound} (names the graph may not use, as an
     * unused binding): the formulas' own names are none of them, so a formula sent back with the
     * same bindings means the derivative.
     */
    public Derivatives derivatives(CompiledExpression compiled, int order, Deadline deadline, Set<String> bound) {
        return supported(() -> derivativesOf(compiled, order, deadline, bound));
    }

    private Derivatives derivativesOf(CompiledExpression compiled, int order, Deadline deadline, Set<String> bound) {
        Graph graph = compiled.graph();
        List<String> wrt = compiled.wrt();
        // Names a formula's new parts must not take: the request's (its bindings, and every id of the
        // user's graph, some of which the simplified first derivatives no longer hold), kept only by
        // the nodes they already name.
        Set<String> taken = new HashSet<>(bound);
        for (int node = 0; node < graph.size(); node++) {
            taken.add(graph.id(node));
        }
        GradientGraph first = GradientGraph.of(graph, compiled.output(), wrt, maxNodes, deadline, taken);
        long[] characters = {0};
        Map<String, Formula> formulas = new LinkedHashMap<>();
        first.gradients().forEach((v, node) -> formulas.put(v, counted(formula(first.graph(), node, "g_" + v, taken), characters)));
        Map<String, Map<String, Formula>> second = null;
        if (order >= 2) {
            second = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> row : scalarRows(graph, first)) {
                deadline.check();
                GradientGraph g2 = GradientGraph.of(first.graph(), row.getValue(), wrt, maxNodes, deadline, taken);
                Map<String, Formula> r = new LinkedHashMap<>();
                g2.gradients().forEach((v, node) -> r.put(v, counted(formula(g2.graph(), node, "h_" + row.getKey() + "_" + v, taken), characters)));
                second.put(row.getKey(), r);
            }
        }
        return new Derivatives(formulas, second);
    }

    /**
     * The rows of the second derivatives: the scalar variables of wrt. d/dx of a scalar x's first
     * derivative is a formula of each variable's shape ({@code second.x.W} has W's); a tensor
     * variable's row would be d(d y / dW)/dv, of rank 3 or 4, which the language (rank 2 at most)
     * cannot write, so it has no row. With no scalar variable at all, a 422 that says so.
     */
    private static List<Map.Entry<String, Integer>> scalarRows(Graph graph, GradientGraph first) {
        List<Map.Entry<String, Integer>> rows = new ArrayList<>();
        List<String> tensors = new ArrayList<>();
        for (Map.Entry<String, Integer> row : first.gradients().entrySet()) {
            int node = graph.indexOf(row.getKey());
            int[] shape = node < 0 ? null : graph.shape(node);
            if (shape != null && shape.length > 0) {
                tensors.add(row.getKey() + " " + dev.adjoint.autodiff.Shapes.format(shape));
            } else {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new NotComputableException(List.of(new Diagnostic("not-supported", "order 2 gives second-derivative formulas"
                    + " for the scalar variables of wrt (a row per scalar variable, a column per variable); here every variable is"
                    + " a tensor (" + String.join(", ", tensors) + "), whose second derivatives have rank 3 or 4, more than the"
                    + " language's 2. Add a scalar variable to wrt, or ask /expressions/hessian for the numbers",
                    null, null, null, null, null, "order")));
        }
        return rows;
    }

    /**
     * Checks a direction ({@code vector} of a Hessian-vector product, {@code tangents} of a JVP):
     * one number for every variable of wrt, and no other names. Each problem is a diagnostic with
     * the field's path; an unknown name gets a "did you mean".
     */
    public static Map<String, Tensor> direction(String field, Map<String, Tensor> given, CompiledExpression compiled, Map<String, Tensor> bound) {
        List<Diagnostic> problems = new ArrayList<>();
        if (given == null) {
            problems.add(Diagnostic.inField(field, "missing-" + field, "send " + field + ": one entry per variable of wrt ("
                    + String.join(", ", compiled.wrt()) + "), each of its variable's shape", null));
            throw new NotComputableException(problems);
        }
        Set<String> wrt = new LinkedHashSet<>(compiled.wrt());
        given.forEach((name, value) -> {
            if (!wrt.contains(name)) {
                String suggestion = Suggestions.closest(name, wrt);
                String why = bound.containsKey(name) ? "'" + name + "' is bound but not in wrt, so it does not move"
                        : "'" + name + "' is not a variable of this request";
                problems.add(new Diagnostic("unknown-variable", "in " + field + ": " + why
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "; the variables are " + String.join(", ", wrt)),
                        name, suggestion, null, null, null, field + "." + name));
            } else if (value == null) {
                problems.add(Diagnostic.inField(field + "." + name, "not-a-number", field + "." + name + " is null; give it a number", name));
            } else if (!java.util.Arrays.equals(value.shape(), bound.get(name).shape())) {
                problems.add(Diagnostic.inField(field + "." + name, "shape-mismatch", field + "." + name + " has shape "
                        + dev.adjoint.autodiff.Shapes.format(value.shape()) + " but " + name + " has shape "
                        + dev.adjoint.autodiff.Shapes.format(bound.get(name).shape()) + "; give it the variable's shape", name));
            }
        });
        for (String v : wrt) {
            if (!given.containsKey(v)) {
                problems.add(Diagnostic.inField(field + "." + v, "missing-entry", field + " has no entry for '" + v
                        + "': give one per variable of wrt, of the variable's shape", v));
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

    /** The formula of {@code node}; its last line is named {@code preferredName}, with {@code _} appended while another node or a taken name has it. */
    private Formula formula(Graph graph, int node, String preferredName, Set<String> taken) {
        FormulaPrinter printer = new FormulaPrinter(graph, node);
        String name = preferredName;
        while (graph.indexOf(name) >= 0 && graph.indexOf(name) != node || taken.contains(name)) {
            name = name + "_";
        }
        String expression = printer.expression(FormulaPrinter.Style.TEXT, maxFormulaSize);
        String program = printer.program(name, FormulaPrinter.Style.TEXT);
        String latex = expression != null ? printer.expression(FormulaPrinter.Style.LATEX, maxFormulaSize)
                : printer.program(name, FormulaPrinter.Style.LATEX);
        return new Formula(expression, program, latex);
    }

    /**
     * An op with no higher-order rule (a network's own op, which the language cannot write) is a 422
     * naming the op, not a server error.
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

    private static Map<String, Tensor> gradientOf(CompiledExpression compiled, Evaluation e) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        for (String v : compiled.wrt()) {
            g.put(v, e.gradient(compiled.graph().indexOf(v)));
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
