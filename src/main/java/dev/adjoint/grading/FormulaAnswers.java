package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.Diagnostic;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.ExpressionSyntaxException;
import dev.adjoint.expression.NotComputableException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formula answers: a derivative written as a formula in the service's own language, judged by
 * evaluation, not by algebra.
 *
 * <p>A formula is over the problem's variables and, for a program, its node names (a node name
 * stands for that node's value at the point). It is compared with the truth (the gradient the
 * service computes) at the request's bindings and at {@link #SAMPLE_POINTS} further points with
 * the request's allclose rule; it is {@link Verdict#EQUIVALENT} when every point agrees. The sample
 * points are fixed: the differentiated variables ({@code wrt}) are moved within half their size
 * ({@code v ± |v|/2}, or {@code ± 1/2} around 0, which keeps each one's sign) by a SplitMix64
 * sequence from a constant seed; variables outside {@code wrt} stay at their bindings, so a
 * formula may use their values. A point is used only where every node's value and gradient is
 * finite (the truth is defined there), and at most {@link #MAX_ATTEMPTS} points are tried (fewer
 * on graphs over 31 250 nodes: 2 000 000 node evaluations, at least 16 points), so the
 * same request is judged the same way every time, at a bounded cost: one evaluation of the problem
 * per point, shared by all formulas of a submission, and one of each formula.
 */
public final class FormulaAnswers {

    /** Sample points besides the bindings. */
    public static final int SAMPLE_POINTS = 8;
    /** Candidate points tried before giving up on finding more where the truth is finite. */
    public static final int MAX_ATTEMPTS = 64;
    private static final long SEED = 0x5EEDF0A7L;
    /** Node evaluations one request may spend looking for sample points. */
    private static final long WORK = 2_000_000L;
    /** The language's names (API.md): a superset scan is enough to find which problem names a formula uses. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");

    private final ExpressionCompiler compiler;
    private final CompiledExpression problem;
    private final Map<String, Double> bindings;
    private final Tolerance tolerance;
    /** Names a formula may use, each with its node in the problem graph. */
    private final Map<String, Integer> names = new LinkedHashMap<>();
    private final List<Point> points = new ArrayList<>();
    private final Evaluation atBindings;
    private final boolean program;
    private boolean sampled;

    /**
     * A point and the problem there, kept as plain numbers (not the sweep's tensors) so that nine
     * points of a large graph stay small: each node's value, and its gradient where it has one.
     */
    private record Point(Map<String, Double> bindings, double[] values, double[] gradients, boolean[] differentiated) {

        static Point of(Map<String, Double> bindings, Evaluation e) {
            int n = e.graph().size();
            double[] values = new double[n];
            double[] gradients = new double[n];
            boolean[] differentiated = new boolean[n];
            for (int node = 0; node < n; node++) {
                Tensor v = e.value(node);
                values[node] = v.size() == 1 ? v.item() : Double.NaN; // a tensor node is never a formula's name
                Tensor g = e.gradient(node);
                if (g != null && g.size() == 1) {
                    gradients[node] = g.item();
                    differentiated[node] = true;
                }
            }
            return new Point(bindings, values, gradients, differentiated);
        }
    }

    /**
     * @param atBindings the problem evaluated at {@code bindings} (the request's own sweep)
     * @param program    whether node names may be used (a program's steps are named by the student)
     */
    public FormulaAnswers(ExpressionCompiler compiler, Map<String, Double> bindings, dev.adjoint.expression.ExpressionGradients atBindings,
                          boolean program, Tolerance tolerance) {
        this(compiler, atBindings.compiled(), bindings, atBindings.evaluation(), program, tolerance);
    }

    public FormulaAnswers(ExpressionCompiler compiler, CompiledExpression problem, Map<String, Double> bindings, Evaluation atBindings,
                          boolean program, Tolerance tolerance) {
        this.compiler = compiler;
        this.problem = problem;
        this.bindings = bindings;
        this.tolerance = tolerance;
        this.atBindings = atBindings;
        this.program = program;
    }

    /** The names and the first point, made on the first formula: a submission of numbers costs nothing here. */
    private void ensureNames() {
        if (!points.isEmpty()) {
            return;
        }
        Graph graph = problem.graph();
        for (int node = 0; node < graph.size(); node++) {
            Graph.Kind kind = graph.kind(node);
            if (kind == Graph.Kind.INPUT || (program && kind == Graph.Kind.OPERATION)) {
                names.put(graph.id(node), node);
            }
        }
        points.add(Point.of(bindings, atBindings));
    }

    /** Whether a submitted value is a formula rather than a number (JSON's non-finite strings are numbers). */
    public static boolean isFormula(Object submitted) {
        return submitted instanceof String s && Grader.number(s) == null;
    }

    /** Judges {@code formula} as the gradient of {@code node}; {@code path} names the item. */
    public ItemResult judge(String path, String node, String formula) {
        ensureNames();
        int target = problem.graph().indexOf(node);
        Double expected = gradientAt(points.get(0), target);
        CompiledExpression compiled;
        try {
            compiled = compile(formula);
        } catch (ExpressionSyntaxException e) {
            FormulaCheck.FormulaError error = new FormulaCheck.FormulaError(e.getMessage(), e.position(), e.line(), e.column());
            return result(path, Verdict.NOT_A_FORMULA, expected, formula, new FormulaCheck(formula, 0, 0, null, error, null),
                    path + " is not a formula: " + e.getMessage() + " (line " + e.line() + ", column " + e.column() + ")");
        } catch (NotComputableException e) {
            Diagnostic d = e.diagnostics().get(0);
            String message = d.code().equals("unbound-variable")
                    ? "'" + d.name() + "' is not a name of the problem; a formula may use " + describeNames()
                    : d.message();
            FormulaCheck.FormulaError error = new FormulaCheck.FormulaError(message, d.position(), d.line(), d.column());
            return result(path, Verdict.NOT_A_FORMULA, expected, formula, new FormulaCheck(formula, 0, 0, null, error, null),
                    path + " is not a formula over the problem: " + message);
        }
        ensureSampled();
        int agreed = 0;
        int checked = 0;
        Double atBindings = null;
        Point disagreement = null;
        double disagreementWant = 0;
        double disagreementGot = 0;
        for (Point p : points) {
            Double want = gradientAt(p, target);
            if (want == null) {
                continue;
            }
            Tensor got = evaluate(compiled, p);
            if (!got.isScalar() && got.size() != 1) {
                FormulaCheck.FormulaError error = new FormulaCheck.FormulaError("the formula is not a single number", null, null, null);
                return result(path, Verdict.NOT_A_FORMULA, expected, formula, new FormulaCheck(formula, 0, 0, null, error, null),
                        path + " should be a formula for one number");
            }
            double g = got.item();
            if (p == points.get(0)) {
                atBindings = g;
            }
            checked++;
            if (tolerance.accepts(g, want)) {
                agreed++;
            } else if (disagreement == null) {
                disagreement = p;
                disagreementWant = want;
                disagreementGot = g;
            }
        }
        if (disagreement == null) {
            return result(path, Verdict.EQUIVALENT, expected, formula, new FormulaCheck(formula, checked, agreed, null, null, atBindings), null);
        }
        FormulaCheck.Counterexample counterexample = new FormulaCheck.Counterexample(disagreement.bindings(), disagreementWant, disagreementGot);
        FormulaCheck check = new FormulaCheck(formula, checked, agreed, counterexample, null, atBindings);
        boolean undefined = !Double.isFinite(disagreementGot) && Double.isFinite(disagreementWant);
        String at = disagreement == points.get(0) ? "at the bindings" : "at " + disagreement.bindings();
        return undefined
                ? result(path, Verdict.UNDEFINED, expected, formula, check, path + " is not defined " + at
                        + " (it gives " + disagreementGot + "), where the gradient is " + disagreementWant)
                : result(path, Verdict.NOT_EQUIVALENT, expected, formula, check, path + " gives " + disagreementGot + " " + at
                        + ", where the gradient is " + disagreementWant + "; it agrees at " + agreed + " of " + checked + " points");
    }

    private static ItemResult result(String path, Verdict verdict, Double expected, String formula, FormulaCheck check, String message) {
        return new ItemResult(path, verdict, expected, formula, null, null, null, null, null, null, message, check, null);
    }

    /** Compiles the formula over the problem names it mentions (only those: a program may have many). */
    private CompiledExpression compile(String formula) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = NAME.matcher(formula);
        while (m.find()) {
            if (names.containsKey(m.group())) {
                used.add(m.group());
            }
        }
        return compiler.expression(formula, List.copyOf(used), List.of());
    }

    private Tensor evaluate(CompiledExpression formula, Point p) {
        Graph graph = formula.graph();
        Map<String, Tensor> inputs = new HashMap<>();
        for (int node = 0; node < graph.size(); node++) {
            if (graph.kind(node) == Graph.Kind.INPUT) {
                inputs.put(graph.id(node), Tensor.scalar(p.values()[names.get(graph.id(node))]));
            }
        }
        return Evaluation.run(graph, inputs, Set.of(), formula.output()).value(formula.output());
    }

    private static Double gradientAt(Point p, int node) {
        return node >= 0 && p.differentiated()[node] ? p.gradients()[node] : null;
    }

    private String describeNames() {
        List<String> shown = names.keySet().stream().limit(12).toList();
        return String.join(", ", shown) + (names.size() > shown.size() ? ", ..." : "");
    }

    /** The sample points, found once per request and shared by all its formulas. */
    private void ensureSampled() {
        if (sampled) {
            return;
        }
        sampled = true;
        Set<String> moved = new HashSet<>(problem.wrt());
        if (moved.isEmpty()) {
            return;
        }
        SplitMix64 random = new SplitMix64(SEED);
        long attempts = Math.max(2 * SAMPLE_POINTS, Math.min(MAX_ATTEMPTS, WORK / Math.max(1, problem.graph().size())));
        for (int attempt = 0; attempt < attempts && points.size() <= SAMPLE_POINTS; attempt++) {
            Map<String, Double> point = new LinkedHashMap<>();
            Map<String, Tensor> inputs = new HashMap<>();
            for (Map.Entry<String, Double> b : bindings.entrySet()) {
                double v = b.getValue();
                if (moved.contains(b.getKey())) {
                    double radius = v == 0.0 ? 0.5 : Math.abs(v) / 2;
                    v = v + radius * (2 * random.nextDouble() - 1);
                }
                point.put(b.getKey(), v);
                inputs.put(b.getKey(), Tensor.scalar(v));
            }
            Evaluation e = Evaluation.run(problem.graph(), inputs, moved, problem.output());
            if (allFinite(e)) {
                points.add(Point.of(point, e));
            }
        }
    }

    private static boolean allFinite(Evaluation e) {
        for (int node = 0; node < e.graph().size(); node++) {
            if (!finite(e.value(node)) || (e.gradient(node) != null && !finite(e.gradient(node)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(Tensor t) {
        return !t.isScalar() || Double.isFinite(t.item());
    }

    /** Steele, Lea and Flood's SplitMix64: written out so the sample points never change with the JDK. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1): the top 53 bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
