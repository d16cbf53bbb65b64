package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every elementwise op's partials against central finite differences of its own value, at many
 * seeded random points of a domain where the op is smooth; and the rules at the kinks.
 */
class OpDerivativeTest {

    private static final int POINTS = 200;
    private static final double TOLERANCE = 1e-6;

    static Stream<Op> elementwiseOps() {
        return OpRules.elementwiseOps();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseOps")
    void everyPartialMatchesACentralFiniteDifferenceOfTheValue(Op op) {
        Random random = new Random(31L * op.ordinal() + 7);
        int arity = OpRules.sampleArity(op);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int p = 0; p < POINTS; p++) {
            double[] a = OpRules.samplePoint(op, random);
            for (int i = 0; i < arity; i++) {
                double partial = OpRules.partial(op, i, a);
                double fd = centralDifference(op, a, i);
                if (!(Math.abs(partial - fd) <= TOLERANCE * (1 + Math.abs(fd)))) {
                    failures.add(op.symbol() + " slot " + i + " at " + java.util.Arrays.toString(a)
                            + ": partial " + partial + ", finite difference " + fd);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(POINTS * arity);
        assertThat(failures).as("partials that disagree with finite differences").isEmpty();
    }

    @Test
    void addIsVariadicAndEverySummandHasPartialOne() {
        assertThat(Op.ADD.arity()).isEqualTo(Op.VARIADIC);
        assertThat(Op.ADD.acceptsArity(3)).isTrue();
        assertThat(Op.ADD.acceptsArity(1)).isFalse();
        double[] a = {1.5, -2.25, 4.0};
        assertThat(OpRules.value(Op.ADD, a)).isEqualTo(3.25);
        for (int i = 0; i < 3; i++) {
            assertThat(OpRules.partial(Op.ADD, i, a)).isEqualTo(1.0);
        }
    }

    @Test
    void derivativeOfQuotientWithRespectToDenominatorIsNegative() {
        // d(a/b)/db = -a/b^2 = -3/4 at a = 3, b = 2
        assertThat(OpRules.partial(Op.DIV, 1, 3.0, 2.0)).isEqualTo(-0.75);
        assertThat(OpRules.partial(Op.DIV, 0, 3.0, 2.0)).isEqualTo(0.5);
    }

    @Test
    void reluHasDerivativeZeroAtTheKink() {
        assertThat(OpRules.value(Op.RELU, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.RELU, 0, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.RELU, 0, 1e-300)).isEqualTo(1.0);
        assertThat(OpRules.partial(Op.RELU, 0, -1e-300)).isEqualTo(0.0);
    }

    @Test
    void absHasDerivativeZeroAtTheKink() {
        assertThat(OpRules.partial(Op.ABS, 0, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.ABS, 0, 1e-300)).isEqualTo(1.0);
        assertThat(OpRules.partial(Op.ABS, 0, -1e-300)).isEqualTo(-1.0);
    }

    @Test
    void squareOfNegativeBaseHasFiniteDerivativeWithRespectToTheBase() {
        // d(x^2)/dx = 2x = -6 at x = -3; no log of the negative base is involved
        assertThat(OpRules.partial(Op.POW, 0, -3.0, 2.0)).isEqualTo(-6.0);
        // x^3 at x = -2: 3x^2 = 12
        assertThat(OpRules.partial(Op.POW, 0, -2.0, 3.0)).isEqualTo(12.0);
    }

    @Test
    void powerOfZeroBaseHasExponentDerivativeZero() {
        // 0^b = 0 for b > 0, so d(0^b)/db = 0 (the limit of a^b log a as a -> 0)
        assertThat(OpRules.partial(Op.POW, 1, 0.0, 2.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.POW, 1, 0.0, 0.5)).isEqualTo(0.0);
    }

    @Test
    void zerothPowerHasBaseDerivativeZeroEvenAtZero() {
        // x^0 = 1 is constant, so its derivative is 0, also at x = 0 where 0 * 0^-1 would be NaN
        assertThat(OpRules.partial(Op.POW, 0, 0.0, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.POW, 0, -5.0, 0.0)).isEqualTo(0.0);
    }

    @Test
    void signAndStepHaveDerivativeZeroAlsoAtTheJump() {
        assertThat(OpRules.value(Op.STEP, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.value(Op.SIGN, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.STEP, 0, 0.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.SIGN, 0, 0.0)).isEqualTo(0.0);
    }

    @Test
    void softplusDoesNotOverflowForLargeInputs() {
        assertThat(OpRules.value(Op.SOFTPLUS, 1000.0)).isEqualTo(1000.0);
        assertThat(OpRules.value(Op.SOFTPLUS, -1000.0)).isEqualTo(0.0);
        assertThat(OpRules.partial(Op.SOFTPLUS, 0, 1000.0)).isEqualTo(1.0);
    }

    @Test
    void vectorJacobianProductScalesThePartialByTheOutputGradientAndSkipsUnwantedInputs() {
        Tensor a = Tensor.scalar(3.0);
        Tensor b = Tensor.scalar(-2.0);
        Tensor y = Op.MUL.forward(new Tensor[] {a, b});
        assertThat(y.item()).isEqualTo(-6.0);
        Tensor[] grads = Op.MUL.vjp(new Tensor[] {a, b}, y, Tensor.scalar(0.5), new boolean[] {true, false});
        assertThat(grads[0].item()).isEqualTo(0.5 * -2.0);
        assertThat(grads[1]).isNull();
    }

    /** (f(a_i + h) - f(a_i - h)) / 2h with h ~ 1e-6 relative to a_i. */
    private static double centralDifference(Op op, double[] a, int i) {
        double h = 1e-6 * Math.max(1.0, Math.abs(a[i]));
        double[] plus = a.clone();
        double[] minus = a.clone();
        plus[i] += h;
        minus[i] -= h;
        return (OpRules.value(op, plus) - OpRules.value(op, minus)) / (plus[i] - minus[i]);
    }
}
