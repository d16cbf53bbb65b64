package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * relu's backward and indexing are selections, not products (as PyTorch's threshold_backward and
 * JAX's select): an infinite gradient arriving where relu is flat contributes 0, not NaN. Ordinary
 * products keep IEEE arithmetic.
 */
class SelectionTest {

    @Test
    void atanOfSqrtOfReluBelowZeroHasGradientZeroNotNaN() {
        Evaluation e = Run.evaluate(Run.expression("atan(sqrt(relu(k)))", "k"), Run.bind("k", -2.0));
        assertThat(Run.gradient(e, "k")).isEqualTo(0.0);
        Evaluation at4 = Run.evaluate(Run.expression("atan(sqrt(relu(k)))", "k"), Run.bind("k", 4.0));
        assertThat(Run.gradient(at4, "k")).isCloseTo(1.0 / (1 + 4) / (2 * 2), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void reluSelectsElementByElementOnAVector() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("v", new int[] {3});
        CompiledExpression c = Run.COMPILER.expression("sum(atan(sqrt(relu(v))))", shapes, null);
        Evaluation e = Evaluation.run(c.graph(), Map.of("v", Tensor.of(new int[] {3}, new double[] {-1, 0, 4})), Set.of("v"), c.output());
        Tensor g = e.gradient(c.graph().indexOf("v"));
        assertThat(g.toArray()).containsExactly(0.0, 0.0, 1.0 / 5 / 4);
    }

    @Test
    void anOrdinaryProductKeepsIeeeArithmetic() {
        // d/dk of sqrt(k) * 0 at k = 0: the partial of sqrt is infinite, and ∞ · 0 is NaN, as in PyTorch.
        Evaluation e = Run.evaluate(Run.expression("sqrt(k) * z", "k", "z"), Run.bind("k", 0.0, "z", 0.0));
        assertThat(Run.gradient(e, "k")).isNaN();
    }
}
