package dev.adjoint.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Compares submitted items with ours and finds where the first mistake is. */
public final class Grader {

    /** Wrong elements listed per array item; the count and the worst one cover the rest. */
    static final int FIRST_WRONG_SHOWN = 5;

    private Grader() {
    }

    /**
     * @param evaluationOrder node ids in evaluation order (backward order is its reverse)
     * @param derivation      for a node id, how its gradient is made, or null
     */
    public static GradingReport grade(List<Check> checks, Tolerance tolerance, List<String> evaluationOrder,
                                      Function<String, String> derivation) {
        return grade(checks, tolerance, evaluationOrder, derivation, node -> null, null);
    }

    /**
     * @param terms    for a node id, its true backward terms (scalar nodes only), or null: wrong
     *                 numeric gradients get a {@link Diagnosis} from them
     * @param formulas judges formula answers for gradients; null where formulas are not accepted
     */
    public static GradingReport grade(List<Check> checks, Tolerance tolerance, List<String> evaluationOrder,
                                      Function<String, String> derivation, Function<String, List<MistakeDiagnosis.Term>> terms,
                                      FormulaAnswers formulas) {
        List<ItemResult> results = new ArrayList<>(checks.size());
        Map<String, ItemResult> gradients = new HashMap<>();
        Map<String, ItemResult> values = new HashMap<>();
        int matched = 0;
        for (Check check : checks) {
            boolean gradient = check.node() != null && check.quantity() == Check.Quantity.GRADIENT;
            ItemResult r;
            if (gradient && formulas != null && check.expected() instanceof Double && FormulaAnswers.isFormula(check.submitted())) {
                r = formulas.judge(check.path(), check.node(), (String) check.submitted());
                if (r.verdict() == Verdict.NOT_EQUIVALENT && r.formula().valueAtBindings() != null) {
                    // a formula wrong at the bindings may be wrong the way a number is
                    r = diagnosed(r, check, r.formula().valueAtBindings(), terms, tolerance);
                }
            } else {
                r = compare(check.path(), check.expected(), check.submitted(), tolerance);
                if (gradient && r.verdict() == Verdict.WRONG && check.expected() instanceof Double) {
                    r = diagnosed(r, check, number(check.submitted()), terms, tolerance);
                }
            }
            results.add(r);
            matched += r.correct() ? 1 : 0;
            if (gradient) {
                gradients.put(check.node(), r);
            } else if (check.node() != null && check.quantity() == Check.Quantity.VALUE) {
                values.put(check.node(), r);
            }
        }
        GradingReport.Mistake wrongGradient = null;
        for (int i = evaluationOrder.size() - 1; i >= 0 && wrongGradient == null; i--) {
            String node = evaluationOrder.get(i);
            ItemResult r = gradients.get(node);
            if (r != null && !r.correct()) {
                // The first wrong one in backward order: its consumers come before it there, so each
                // was right or not submitted. What it depends on is right; the mistake is made here.
                wrongGradient = new GradingReport.Mistake(node, r.path(), r.expected(), r.submitted(), derivation.apply(node),
                        "the gradient of " + node + " is the first wrong one in backward order; every gradient it is made from"
                                + " that was submitted is right, so look at how g_" + node + " is formed", r.likelyMistake());
            }
        }
        GradingReport.Mistake wrongValue = null;
        for (int i = 0; i < evaluationOrder.size() && wrongValue == null; i++) {
            String node = evaluationOrder.get(i);
            ItemResult r = values.get(node);
            if (r != null && !r.correct()) {
                wrongValue = new GradingReport.Mistake(node, r.path(), r.expected(), r.submitted(), null,
                        "the value of " + node + " is the first wrong one in evaluation order", null);
            }
        }
        int checked = results.size();
        return new GradingReport(matched == checked, checked == 0 ? 0.0 : (double) matched / checked, checked, matched,
                results, wrongGradient, wrongValue);
    }

    /** The result with the likely mistake that explains the submitted number, where the node's terms are known. */
    private static ItemResult diagnosed(ItemResult r, Check check, double submitted, Function<String, List<MistakeDiagnosis.Term>> terms,
                                        Tolerance tolerance) {
        List<MistakeDiagnosis.Term> nodeTerms = terms.apply(check.node());
        return nodeTerms == null ? r
                : r.withLikelyMistake(MistakeDiagnosis.diagnose(check.node(), submitted, (Double) check.expected(), nodeTerms, tolerance));
    }

    /** One item: a number, a vector or a matrix, against what was submitted. */
    static ItemResult compare(String path, Object expected, Object submitted, Tolerance t) {
        if (expected == null) {
            return simple(path, Verdict.UNKNOWN, null, submitted, "the answer has no " + path);
        }
        if (submitted == null) {
            return simple(path, Verdict.MISSING, expected, null, path + " was submitted empty");
        }
        if (expected instanceof java.util.Set<?> members) { // an empty object was submitted (see Check)
            return members.isEmpty() ? simple(path, Verdict.CORRECT, java.util.Map.of(), submitted, null)
                    : simple(path, Verdict.MISSING, null, submitted, path + " was submitted empty; the answer has "
                    + members.stream().map(m -> path + "." + m).collect(java.util.stream.Collectors.joining(", ")));
        }
        if (expected instanceof Double want) {
            Double got = number(submitted);
            if (got == null) {
                return simple(path, Verdict.NOT_A_NUMBER, want, submitted, path + " should be a number");
            }
            double abs = Math.abs(got - want);
            boolean ok = t.accepts(got, want);
            return new ItemResult(path, ok ? Verdict.CORRECT : Verdict.WRONG, want, submitted, abs, relative(abs, want),
                    null, null, null, null, ok ? null : path + " is off by " + abs);
        }
        double[][] want = expected instanceof double[] v ? new double[][] {v} : (double[][]) expected;
        boolean vector = expected instanceof double[];
        List<List<?>> rows = shapeOf(submitted, vector, want);
        if (rows == null) {
            return simple(path, Verdict.WRONG_SHAPE, expected, submitted, path + " should be " + describe(want, vector)
                    + " but is " + describeSubmitted(submitted) + hintTransposed(submitted, want, vector));
        }
        int wrong = 0;
        int elements = 0;
        ItemResult.ElementError worst = null;
        List<ItemResult.ElementError> first = new ArrayList<>();
        for (int r = 0; r < want.length; r++) {
            for (int c = 0; c < want[r].length; c++) {
                elements++;
                Object s = rows.get(r).get(c);
                Double got = number(s);
                double w = want[r][c];
                if (got != null && t.accepts(got, w)) {
                    continue;
                }
                wrong++;
                double abs = got == null ? Double.NaN : Math.abs(got - w);
                ItemResult.ElementError e = new ItemResult.ElementError(path + (vector ? "" : "[" + r + "]") + "[" + c + "]",
                        w, s, abs, relative(abs, w));
                if (first.size() < FIRST_WRONG_SHOWN) {
                    first.add(e);
                }
                if (worst == null || !(e.absoluteError() <= worst.absoluteError())) { // NaN (not a number) ranks worst
                    worst = e;
                }
            }
        }
        if (wrong == 0) {
            return new ItemResult(path, Verdict.CORRECT, expected, submitted, null, null, 0, elements, null, List.of(), null);
        }
        return new ItemResult(path, Verdict.WRONG, expected, submitted, worst.absoluteError(), worst.relativeError(),
                wrong, elements, worst, first, wrong + " of " + elements + " elements of " + path + " are wrong; the worst is " + worst.path());
    }

    private static ItemResult simple(String path, Verdict verdict, Object expected, Object submitted, String message) {
        return new ItemResult(path, verdict, expected, submitted, null, null, null, null, null, null, message);
    }

    /** The submitted rows if the shape matches, else null. */
    private static List<List<?>> shapeOf(Object submitted, boolean vector, double[][] want) {
        if (!(submitted instanceof List<?> outer)) {
            return null;
        }
        if (vector) {
            return outer.size() == want[0].length ? List.of(outer) : null;
        }
        if (outer.size() != want.length) {
            return null;
        }
        List<List<?>> rows = new ArrayList<>();
        for (int r = 0; r < want.length; r++) {
            if (!(outer.get(r) instanceof List<?> row) || row.size() != want[r].length) {
                return null;
            }
            rows.add(row);
        }
        return rows;
    }

    private static String describe(double[][] want, boolean vector) {
        return vector ? "a list of " + want[0].length + " numbers" : "a " + want.length + " x " + want[0].length + " matrix";
    }

    private static String describeSubmitted(Object s) {
        if (!(s instanceof List<?> outer)) {
            return number(s) != null ? "a single number" : "not a list";
        }
        if (!outer.isEmpty() && outer.get(0) instanceof List<?> row) {
            return "a " + outer.size() + " x " + row.size() + " matrix";
        }
        return "a list of " + outer.size();
    }

    private static String hintTransposed(Object s, double[][] want, boolean vector) {
        if (!vector && s instanceof List<?> outer && outer.size() == want[0].length && !outer.isEmpty()
                && outer.get(0) instanceof List<?> row && row.size() == want.length && want.length != want[0].length) {
            return " (transposed? check the weight layout)";
        }
        return "";
    }

    private static double relative(double abs, double want) {
        return abs == 0.0 ? 0.0 : abs / Math.abs(want);
    }

    /** A JSON number, or one of the strings JSON uses for non-finite numbers; else null. */
    static Double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            return switch (s) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
        return null;
    }
}
