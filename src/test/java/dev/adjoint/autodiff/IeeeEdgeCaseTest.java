package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Where Java's Math and the naive formulas part from IEEE 754 / C99 / numpy / PyTorch. */
class IeeeEdgeCaseTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void oneToAnyPowerIsOneAndMinusOneToAnInfinitePowerIsOne() {
        // Java's Math.pow gives NaN for each of these; IEEE 754 pow (C99 7.12.7.4, numpy, PyTorch) gives 1.
        assertThat(Math.pow(1.0, Double.NaN)).isNaN();
        for (double[] args : new double[][] {{1, Double.NaN}, {1, INF}, {1, -INF}, {-1, INF}, {-1, -INF}, {1, 3.5}}) {
            assertThat(Op.POW.value(args)).as("pow(%s, %s)", args[0], args[1]).isEqualTo(1.0);
        }
        assertThat(Op.POW.value(new double[] {-1, Double.NaN})).isNaN(); // only base +1 absorbs a NaN exponent
        assertThat(Op.POW.value(new double[] {2, 10})).isEqualTo(1024.0);
        assertThat(Op.POW.value(new double[] {0.5, INF})).isEqualTo(0.0);
    }

    @Test
    void powPartialsAtTheIeeeCasesAreTheirLimitsOrHonestlyUndefined() {
        double[] oneNaN = {1, Double.NaN};
        double[] oneInf = {1, INF};
        double[] minusOneInf = {-1, INF};
        // d/db 1^b = 1 · log(1) = 0: 1^b does not move with b
        assertThat(Op.POW.partial(1, oneNaN, Op.POW.value(oneNaN))).isEqualTo(0.0);
        assertThat(Op.POW.partial(1, oneInf, Op.POW.value(oneInf))).isEqualTo(0.0);
        // d/da a^b = b · a^(b-1) = b at a = 1: NaN for a NaN exponent, Infinity for an infinite one (PyTorch's numbers)
        assertThat(Op.POW.partial(0, oneNaN, 1.0)).isNaN();
        assertThat(Op.POW.partial(0, oneInf, 1.0)).isEqualTo(INF);
        // (-1)^b has no derivative in b
        assertThat(Op.POW.partial(1, minusOneInf, 1.0)).isNaN();
        // ordinary points keep the ordinary rule
        assertThat(Op.POW.partial(0, new double[] {3, 2}, 9)).isEqualTo(6.0);
        assertThat(Op.POW.partial(1, new double[] {2, 3}, 8)).isEqualTo(8 * Math.log(2));
    }

    @Test
    void log2OfEveryPowerOfTwoIsItsExponentExactly() {
        int naiveWrong = 0;
        int checked = 0;
        for (int k = -1074; k <= 1023; k++) {
            double x = Math.scalb(1.0, k);
            assertThat(Op.LOG2.value(new double[] {x})).as("log2(2^%d)", k).isEqualTo((double) k);
            naiveWrong += Math.log(x) / Math.log(2.0) != k ? 1 : 0;
            checked++;
        }
        assertThat(checked).isEqualTo(2098);
        assertThat(naiveWrong).as("powers of two the old ln(x)/ln(2) got wrong").isEqualTo(441);
        assertThat(Op.LOG2.value(new double[] {Math.scalb(1.0, 29)})).isEqualTo(29.0);
    }

    @Test
    void log2ElsewhereIsStillLnOverLn2() {
        Random random = new Random(29);
        for (int i = 0; i < 1000; i++) {
            double x = Math.exp(random.nextGaussian() * 50);
            double got = Op.LOG2.value(new double[] {x});
            assertThat(Math.abs(got - Math.log(x) / Math.log(2.0))).isLessThanOrEqualTo(4 * Math.ulp(got));
        }
        assertThat(Op.LOG2.value(new double[] {0})).isEqualTo(-INF);
        assertThat(Op.LOG2.value(new double[] {-1})).isNaN();
        assertThat(Op.LOG2.value(new double[] {INF})).isEqualTo(INF);
        assertThat(Op.LOG2.value(new double[] {Double.NaN})).isNaN();
    }

    @Test
    void fusedSoftmaxCrossEntropyStaysFiniteAtALogitGapOf750() {
        Tensor logits = Tensor.of(new int[] {1, 2}, new double[] {0.0, 750.0});
        Tensor target = Tensor.of(new int[] {1, 2}, new double[] {1.0, 0.0});
        // The unfused pair: softmax's first probability is e^-750, which rounds to 0, and -log(0) is Infinity.
        Tensor p = Op.SOFTMAX.forward(new Tensor[] {logits});
        assertThat(p.get(0)).isEqualTo(0.0);
        assertThat(Op.CROSS_ENTROPY.forward(new Tensor[] {p, target}).item()).isEqualTo(INF);
        Tensor loss = Op.SOFTMAX_CROSS_ENTROPY.forward(new Tensor[] {logits, target});
        assertThat(loss.item()).isEqualTo(750.0);
        Tensor[] g = Op.SOFTMAX_CROSS_ENTROPY.vjp(new Tensor[] {logits, target}, loss, Tensor.scalar(1.0), new boolean[] {true, false});
        assertThat(g[0].get(0)).isEqualTo(-1.0);
        assertThat(g[0].get(1)).isEqualTo(1.0);
        assertThat(g[1]).isNull();
    }

    @Test
    void fusedSoftmaxCrossEntropyEqualsTheUnfusedPairWhereThatIsFinite() {
        Random random = new Random(745);
        for (int trial = 0; trial < 200; trial++) {
            int b = 1 + random.nextInt(4);
            int k = 2 + random.nextInt(5);
            double[] u = new double[b * k];
            double[] y = new double[b * k];
            for (int r = 0; r < b; r++) {
                double total = 0;
                for (int j = 0; j < k; j++) {
                    u[r * k + j] = random.nextGaussian() * 3;
                    y[r * k + j] = random.nextDouble();
                    total += y[r * k + j];
                }
                for (int j = 0; j < k; j++) {
                    y[r * k + j] /= total; // a probability vector per example
                }
            }
            Tensor logits = Tensor.of(new int[] {b, k}, u);
            Tensor target = Tensor.of(new int[] {b, k}, y);
            Tensor p = Op.SOFTMAX.forward(new Tensor[] {logits});
            Tensor unfused = Op.CROSS_ENTROPY.forward(new Tensor[] {p, target});
            Tensor fused = Op.SOFTMAX_CROSS_ENTROPY.forward(new Tensor[] {logits, target});
            assertThat(fused.item()).isCloseTo(unfused.item(), org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(unfused.item()))));
            Tensor gp = Op.CROSS_ENTROPY.vjp(new Tensor[] {p, target}, unfused, Tensor.scalar(1.0), new boolean[] {true, false})[0];
            Tensor gu = Op.SOFTMAX.vjp(new Tensor[] {logits}, p, gp, new boolean[] {true})[0];
            Tensor fusedGu = Op.SOFTMAX_CROSS_ENTROPY.vjp(new Tensor[] {logits, target}, fused, Tensor.scalar(1.0), new boolean[] {true, false})[0];
            for (int i = 0; i < u.length; i++) {
                assertThat(fusedGu.get(i)).as("trial %d element %d", trial, i).isCloseTo(gu.get(i), org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }
}
