package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random expressions over x, y, z, smooth where they are sampled: the reverse-mode gradient of each
 * variable agrees with a central finite difference (extrapolated to step 0 by Ridders' method) of
 * the value of the same compiled graph.
 */
class FiniteDifferenceTest {

    private static final String[] VARIABLES = {"x", "y", "z"};
    private static final int SAMPLES = 400;
    private static final int MAX_DEPTH = 5;

    @Test
    void reverseModeGradientsOfRandomExpressionsMatchFiniteDifferences() {
        Random random = new Random(20240601L);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int comparisons = 0;
        int sharp = 0;
        for (int s = 0; s < SAMPLES; s++) {
            String text = generate(random, MAX_DEPTH);
            Map<String, Double> point = new HashMap<>();
            for (String v : VARIABLES) {
                point.put(v, -1.5 + 3 * random.nextDouble());
            }
            CompiledExpression compiled = Run.expression(text, VARIABLES);
            assertThat(compiled.wrt()).containsExactly(VARIABLES);
            Evaluation evaluation = Evaluation.run(compiled.graph(), Run.tensors(point), Set.of(VARIABLES), compiled.output());
            double value = evaluation.value(compiled.output()).item();
            if (!Double.isFinite(value) || Math.abs(value) > 1e6) {
                continue;
            }
            Graph graph = compiled.graph();
            for (String v : VARIABLES) {
                double gradient = evaluation.gradient(graph.indexOf(v)).item();
                double[] fd = ridders(compiled, point, v);
                double tolerance = 1e-6 * (1 + Math.abs(gradient)) + 10 * fd[1];
                if (!(Math.abs(gradient - fd[0]) <= tolerance)) {
                    failures.add("d/d" + v + " of " + text + " at " + point + ": gradient " + gradient
                            + ", finite difference " + fd[0] + " +- " + fd[1]);
                }
                if (fd[1] <= 1e-7 * (1 + Math.abs(gradient))) {
                    sharp++;
                }
                comparisons++;
            }
            checked++;
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(250);
        // the finite differences are sharp almost everywhere, so the tolerance above is not loose
        assertThat(sharp).isGreaterThanOrEqualTo(comparisons * 95 / 100);
    }

    /**
     * Ridders' method: central differences at shrinking steps, extrapolated to step 0 in a Neville
     * tableau; returns the estimate and its error estimate.
     */
    static double[] ridders(CompiledExpression compiled, Map<String, Double> point, String v) {
        final int levels = 10;
        final double shrink = 1.4;
        final double shrink2 = shrink * shrink;
        double[][] a = new double[levels][levels];
        double h = 0.002 * Math.max(1.0, Math.abs(point.get(v)));
        a[0][0] = central(compiled, point, v, h);
        double answer = a[0][0];
        double error = Double.MAX_VALUE;
        for (int i = 1; i < levels; i++) {
            h /= shrink;
            a[0][i] = central(compiled, point, v, h);
            double factor = shrink2;
            for (int j = 1; j <= i; j++) {
                a[j][i] = (a[j - 1][i] * factor - a[j - 1][i - 1]) / (factor - 1);
                factor *= shrink2;
                double e = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
                if (e <= error) {
                    error = e;
                    answer = a[j][i];
                }
            }
            if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= 2 * error) {
                break;
            }
        }
        return new double[] {answer, error};
    }

    private static double central(CompiledExpression compiled, Map<String, Double> point, String v, double h) {
        Map<String, Double> plus = new HashMap<>(point);
        Map<String, Double> minus = new HashMap<>(point);
        plus.put(v, point.get(v) + h);
        minus.put(v, point.get(v) - h);
        return (Run.value(compiled, plus) - Run.value(compiled, minus)) / (2 * h);
    }

    /** An expression string, smooth on the sampled box, of depth at most {@code depth}. */
    static String generate(Random r, int depth) {
        if (depth == 0 || r.nextDouble() < 0.15) {
            return leaf(r);
        }
        int d = depth - 1;
        switch (r.nextInt(17)) {
            case 0: return "(" + generate(r, d) + " + " + generate(r, d) + ")";
            case 1: return "(" + generate(r, d) + " - " + generate(r, d) + ")";
            case 2: return "(" + generate(r, d) + " * " + generate(r, d) + ")";
            case 3: return generate(r, d) + " * " + generate(r, d) + " + " + generate(r, d) + " - " + generate(r, d);
            case 4: return "(" + generate(r, d) + ") / (1 + (" + generate(r, d) + ")^2)";
            case 5: return "(" + generate(r, d) + ")^" + (2 + r.nextInt(2));
            case 6: return "(1 + (" + generate(r, d) + ")^2)^" + pick(r, "0.5", "1.5", ".25", "1.5e0");
            case 7: return pick(r, "sin", "cos", "atan", "tanh", "sigmoid", "softplus") + "(" + generate(r, d) + ")";
            case 8: return "exp(" + generate(r, d) + " / 2)";
            case 9: return "log(1 + (" + generate(r, d) + ")^2)";
            case 10: return "-(" + generate(r, d) + ")";
            case 11: return "sqrt(2 + sin(" + generate(r, d) + "))";
            case 12: return pick(r, "sinh", "cosh", "asin", "acos") + "(tanh(" + generate(r, d) + ") / 2)";
            case 13: return "pow(" + generate(r, d) + ", 2)";
            case 14: return "(" + generate(r, d) + ") ** 3";
            case 15: return "(" + generate(r, d) + ") / (2 + cos(" + generate(r, d) + "))";
            default: return pick(r, "log2", "log10", "ln") + "(3 + (" + generate(r, d) + ")^2)";
        }
    }

    private static String leaf(Random r) {
        return r.nextInt(4) == 0 ? pick(r, "0.5", "2", "1.25", "pi", "e", ".75", "3") : VARIABLES[r.nextInt(VARIABLES.length)];
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
