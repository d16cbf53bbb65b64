package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.ForwardMode;
import dev.adjoint.autodiff.GradientGraph;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.SecondOrder;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identities of higher order on random expressions over x, y, z (generated as
 * {@link FiniteDifferenceTest} generates them), at seeded random points: the Hessian computed
 * reverse over reverse (each row from its own gradient graph) is symmetric and equals the
 * forward-over-reverse one; H·v equals the Hessian times v; a JVP equals the gradient dotted with
 * the tangent; and every derivative formula, compiled back from its text, agrees with central
 * differences of the original expression.
 */
class HigherOrderPropertyTest {

    private static final String[] VARIABLES = {"x", "y", "z"};
    private static final List<String> WRT = List.of(VARIABLES);
    private static final int SAMPLES = 150;

    private static boolean close(double got, double want, double relative) {
        return Math.abs(got - want) <= relative * (1 + Math.abs(want));
    }

    @Test
    void hessiansAreSymmetricAndForwardOverReverseEqualsReverseOverReverse() {
        forSmoothSamples(1357L, 4, SAMPLES, SAMPLES / 2, (sample, failures) -> {
            String text = sample.text();
            Map<String, Double> point = sample.point();
            CompiledExpression c = sample.compiled();
            Map<String, Tensor> inputs = Run.tensors(point);
            double[][] forwardOverReverse = SecondOrder.at(c.graph(), c.output(), WRT, inputs, 1_000_000).hessian();
            double[][] reverseOverReverse = reverseOverReverse(c, inputs);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (!close(reverseOverReverse[i][j], reverseOverReverse[j][i], 1e-9)) {
                        failures.add("asymmetric " + i + "," + j + " of " + text + " at " + point);
                    }
                    if (!close(forwardOverReverse[i][j], reverseOverReverse[i][j], 1e-9)) {
                        failures.add("H[" + i + "][" + j + "] of " + text + " at " + point + ": forward over reverse "
                                + forwardOverReverse[i][j] + ", reverse over reverse " + reverseOverReverse[i][j]);
                    }
                }
            }
        });
    }

    @Test
    void hessianVectorProductsEqualTheHessianTimesTheVector() {
        forSmoothSamples(2468L, 4, SAMPLES, SAMPLES / 2, (sample, failures) -> {
            Random random = sample.random();
            String text = sample.text();
            Map<String, Double> point = sample.point();
            CompiledExpression c = sample.compiled();
            SecondOrder second = SecondOrder.at(c.graph(), c.output(), WRT, Run.tensors(point), 1_000_000);
            Map<String, Double> v = point(random);
            Map<String, Tensor> hv = second.hessianTimes(Run.tensors(v));
            double[][] h = second.hessian();
            for (int i = 0; i < 3; i++) {
                double want = 0;
                for (int j = 0; j < 3; j++) {
                    want += h[i][j] * v.get(VARIABLES[j]);
                }
                if (!close(hv.get(VARIABLES[i]).item(), want, 1e-9)) {
                    failures.add("(Hv)_" + VARIABLES[i] + " of " + text + ": " + hv.get(VARIABLES[i]) + " vs " + want);
                }
            }
        });
    }

    @Test
    void jvpEqualsTheGradientDottedWithTheTangent() {
        forSmoothSamples(97531L, 5, SAMPLES, SAMPLES / 2, (sample, failures) -> {
            Random random = sample.random();
            String text = sample.text();
            Map<String, Double> point = sample.point();
            CompiledExpression c = sample.compiled();
            Evaluation e = Run.evaluate(c, point);
            Map<String, Double> tangent = point(random);
            double[] t = ForwardMode.at(c.graph(), Run.tensors(point), Set.of(VARIABLES)).tangents(tangent);
            double want = 0;
            for (String v : VARIABLES) {
                want += e.gradient(c.graph().indexOf(v)).item() * tangent.get(v);
            }
            if (!close(t[c.output()], want, 1e-10)) {
                failures.add("jvp of " + text + " at " + point + ": " + t[c.output()] + ", gradient . tangent " + want);
            }
        });
    }

    @Test
    void everyDerivativeFormulaAgreesWithCentralDifferences() {
        HigherOrder higher = new HigherOrder(1_000_000, 100_000, 100_000_000);
        int[] programs = {0};
        forSmoothSamples(424242L, 4, SAMPLES, SAMPLES / 2, (sample, failures) -> {
            String text = sample.text();
            Map<String, Double> point = sample.point();
            CompiledExpression c = sample.compiled();
            HigherOrder.Derivatives d = higher.derivatives(c, 1);
            for (String v : VARIABLES) {
                HigherOrder.Formula f = d.first().get(v);
                double[] fd = FiniteDifferenceTest.ridders(c, point, v);
                double fromExpression = Run.valueOf(f.expression(), point);
                double fromProgram = Run.value(Run.program(f.program(), null, VARIABLES), point);
                double tolerance = 1e-6 * (1 + Math.abs(fd[0])) + 10 * fd[1];
                if (!(Math.abs(fromExpression - fd[0]) <= tolerance) || !(Math.abs(fromProgram - fd[0]) <= tolerance)) {
                    failures.add("d/d" + v + " of " + text + " = " + f.expression() + " gives " + fromExpression
                            + " (program " + fromProgram + "), finite difference " + fd[0] + " +- " + fd[1]);
                }
                programs[0] += f.program().contains("\n") ? 1 : 0;
            }
        });
        assertThat(programs[0]).as("formulas with shared parts named on lines of their own").isPositive();
    }

    @Test
    void secondDerivativeFormulasAgreeWithTheHessian() {
        HigherOrder higher = new HigherOrder(1_000_000, 1_000_000, 100_000_000);
        forSmoothSamples(8642L, 3, 60, 30, (sample, failures) -> {
            String text = sample.text();
            Map<String, Double> point = sample.point();
            CompiledExpression c = sample.compiled();
            double[][] h = SecondOrder.at(c.graph(), c.output(), WRT, Run.tensors(point), 1_000_000).hessian();
            HigherOrder.Derivatives d = higher.derivatives(c, 2);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    HigherOrder.Formula f = d.second().get(VARIABLES[i]).get(VARIABLES[j]);
                    double got = Run.value(Run.program(f.program(), null, VARIABLES), point);
                    if (!close(got, h[i][j], 1e-8)) {
                        failures.add("d2/d" + VARIABLES[i] + "d" + VARIABLES[j] + " of " + text + ": " + f.program() + " gives " + got + ", Hessian " + h[i][j]);
                    }
                }
            }
        });
    }

    /** A random expression over x, y, z at a random point where it is smooth, and the generator for further draws. */
    private record Sample(String text, Map<String, Double> point, CompiledExpression compiled, Random random) {
    }

    /**
     * Draws {@code count} expressions of {@code depth} and points from {@code seed}, skipping points
     * that are not {@link #smooth}; {@code check} adds what it finds wrong to the failures. None may
     * fail, and at least {@code minimumChecked} samples must have been smooth.
     */
    private static void forSmoothSamples(long seed, int depth, int count, int minimumChecked, BiConsumer<Sample, List<String>> check) {
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int s = 0; s < count; s++) {
            String text = FiniteDifferenceTest.generate(random, depth);
            Map<String, Double> point = point(random);
            CompiledExpression c = Run.expression(text, VARIABLES);
            if (!smooth(c, point)) {
                continue;
            }
            check.accept(new Sample(text, point, c, random), failures);
            checked++;
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(minimumChecked);
    }

    /** Row i: the gradient graph of d output / d x_i, differentiated again and evaluated. */
    private static double[][] reverseOverReverse(CompiledExpression c, Map<String, Tensor> inputs) {
        GradientGraph first = GradientGraph.of(c.graph(), c.output(), WRT, 1_000_000);
        double[][] h = new double[3][3];
        for (int i = 0; i < 3; i++) {
            GradientGraph second = GradientGraph.of(first.graph(), first.gradients().get(VARIABLES[i]), WRT, 1_000_000);
            Graph g = second.graph();
            Evaluation e = Evaluation.run(g, inputs, Set.of(), g.size() - 1);
            for (int j = 0; j < 3; j++) {
                h[i][j] = e.value(second.gradients().get(VARIABLES[j])).item();
            }
        }
        return h;
    }

    /** A point where value and gradient are finite and moderate, so the identities are tested, not overflow. */
    private static boolean smooth(CompiledExpression c, Map<String, Double> point) {
        Evaluation e = Run.evaluate(c, point);
        double value = e.value(c.output()).item();
        if (!Double.isFinite(value) || Math.abs(value) > 1e6) {
            return false;
        }
        for (String v : VARIABLES) {
            double g = e.gradient(c.graph().indexOf(v)).item();
            if (!Double.isFinite(g) || Math.abs(g) > 1e6) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Double> point(Random random) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            p.put(v, -1.5 + 3 * random.nextDouble());
        }
        return p;
    }
}
