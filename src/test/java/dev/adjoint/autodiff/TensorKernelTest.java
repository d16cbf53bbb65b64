package dev.adjoint.autodiff;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tensor kernels written for speed give the same bits as the rules they replace: the
 * activations' one-loop forward and VJP against the per-element {@link Op#value} and
 * {@link Op#chain} the generic loop calls (large ones split between two threads), and OpenBLAS products whose operands are copied in and
 * out by two threads against the same call with every copy made by one. Bits are compared with
 * {@link Double#doubleToLongBits}, which tells -0.0 from 0.0 but folds every NaN into one: a NaN's
 * sign and payload (which a vectorized loop may set differently) show nowhere, not in
 * {@code Double.toString} nor in an answer.
 */
class TensorKernelTest {

    /** Ordinary values, the IEEE specials, and values where exp and tanh saturate. */
    private static double[] values(Random random, int n) {
        double[] specials = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            745.0, -745.0, 709.8, -709.8, 1e-300, -1e-300, Double.MIN_VALUE, 20.0, -20.0, 0.5};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < specials.length ? specials[i] : random.nextGaussian() * (random.nextBoolean() ? 1.0 : 40.0);
        }
        return v;
    }

    @Test
    void activationLoopsGiveTheBitsOfTheirPerElementRules() {
        Random random = new Random(16);
        for (Op op : new Op[] {Op.SIGMOID, Op.TANH, Op.RELU}) {
            for (int[] shape : new int[][] {{7}, {3, 5}, {128, 64}, {1, 1}, {257, 301}}) { // the last one is split between two threads
                int n = Tensor.sizeOf(shape);
                double[] a = values(random, n);
                double[] g = values(random, n);
                Tensor in = Tensor.of(shape, a.clone());
                Tensor y = op.forward(new Tensor[] {in});
                Tensor[] vjp = op.vjp(new Tensor[] {in}, y, Tensor.of(shape, g.clone()), new boolean[] {true});
                assertThat(y.shape()).isEqualTo(shape);
                assertThat(vjp[0].shape()).isEqualTo(shape);
                for (int k = 0; k < n; k++) {
                    double[] args = {a[k]};
                    double value = op.value(args);
                    assertThat(Double.doubleToLongBits(y.get(k))).as("%s(%s)", op, a[k]).isEqualTo(Double.doubleToLongBits(value));
                    double chained = op.chain(0, g[k], args, value);
                    assertThat(Double.doubleToLongBits(vjp[0].get(k))).as("%s vjp at %s, g = %s", op, a[k], g[k])
                            .isEqualTo(Double.doubleToLongBits(chained));
                }
                assertThat(op.vjp(new Tensor[] {in}, y, Tensor.of(shape, g.clone()), new boolean[] {false})[0]).isNull();
            }
            // a scalar still goes through the per-element rule
            Tensor s = op.forward(new Tensor[] {Tensor.scalar(0.25)});
            assertThat(s.isScalar()).isTrue();
            assertThat(s.item()).isEqualTo(op.value(new double[] {0.25}));
        }
        assertThat(Op.SIGMOID.forward(new Tensor[] {Tensor.of(new int[] {2}, new double[] {0.0, -745.0})}).get(0)).isEqualTo(0.5);
    }

    @Test
    void productsCopiedByTwoThreadsEqualTheSameCallCopiedByOne() {
        assertThat(NativeBlas.AVAILABLE).as("OpenBLAS loads on this platform (the jar bundles linux-x86_64)").isTrue();
        Random random = new Random(7);
        // odd sizes, so the halves differ by one; above and below the split; all four transposition flags
        int[][] shapes = {{301, 517, 263}, {1, 700, 900}, {513, 3, 1025}, {64, 64, 64}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                double[] a = random.doubles((long) m * k).map(v -> v * 2 - 1).toArray();
                double[] b = random.doubles((long) k * n).map(v -> v * 2 - 1).toArray();
                double[] c = new double[m * n];
                NativeBlas.dgemm(ta, tb, m, n, k, a, b, c);
                assertThat(c).isEqualTo(reference(ta, tb, m, n, k, a, b));
                // the operands are read, never written
                double[] a2 = a.clone();
                double[] c2 = new double[m * n];
                NativeBlas.dgemm(ta, tb, m, n, k, a, b, c2);
                assertThat(a).isEqualTo(a2);
                assertThat(c2).isEqualTo(c);
            }
        }
    }

    @Test
    void oneRowProductGivesTheBitsOfThePanelKernel() {
        Random random = new Random(1664);
        // below eight columns, not a multiple of eight, the 128-64-10 step's two products, one depth, more than a
        // depth block and a panel (64 and 256 in the panel kernel); all under the OpenBLAS threshold
        int[][] shapes = {{128, 64}, {64, 10}, {3, 4}, {4, 3}, {3, 1}, {1, 9}, {9, 1}, {67, 17}, {200, 300}, {513, 8}, {8, 513}, {0, 5}};
        for (int[] s : shapes) {
            int k = s[0];
            int n = s[1];
            for (int round = 0; round < 4; round++) {
                // ordinary values, and in every other round the IEEE specials too (the first seventeen entries)
                double[] a = round % 2 == 0 ? random.doubles(k).map(v -> v * 2 - 1).toArray() : values(random, k);
                double[] b = round % 2 == 0 ? random.doubles((long) k * n).map(v -> v * 2 - 1).toArray() : values(random, k * n);
                double[] fast = Gemm.multiply(a, b, 1, k, n);
                double[] panel = Gemm.blocked(a, b, 1, k, n);
                assertThat(fast).hasSize(n);
                for (int j = 0; j < n; j++) {
                    assertThat(Double.doubleToLongBits(fast[j])).as("%dx%d, round %d, column %d", k, n, round, j)
                            .isEqualTo(Double.doubleToLongBits(panel[j]));
                }
                // a row of a two-row product (the panel kernel's path) is the same row
                double[] twoRows = new double[2 * k];
                System.arraycopy(a, 0, twoRows, 0, k);
                double[] c2 = Gemm.multiply(twoRows, b, 2, k, n);
                for (int j = 0; j < n; j++) {
                    assertThat(Double.doubleToLongBits(c2[j])).isEqualTo(Double.doubleToLongBits(fast[j]));
                }
            }
        }
        // the sum starts at +0.0, as the panel kernel's fresh row of C does: +0.0 + (-0.0 · 1) is +0.0, not -0.0
        assertThat(Double.doubleToLongBits(Gemm.multiply(new double[] {-0.0}, new double[] {1.0}, 1, 1, 1)[0])).isEqualTo(Double.doubleToLongBits(0.0));
        // and an order the test can see: 1e16 + 1 - 1e16 is 0 summed in order, 1 in another
        double[] c = Gemm.multiply(new double[] {1e16, 1.0, -1e16}, new double[] {1.0, 1.0, 1.0}, 1, 3, 1);
        assertThat(c[0]).isEqualTo(0.0);
    }

    @Test
    void oneExampleWeightGradientIsEachProductAiBj() {
        Random random = new Random(1665);
        // the copy-and-scale rows (32 columns and more) and the scalar loop (fewer); the 128-64-10 step's two
        for (int[] s : new int[][] {{128, 64}, {64, 10}, {3, 31}, {3, 32}, {5, 33}, {1, 300}, {17, 1}}) {
            int m = s[0];
            int n = s[1];
            for (int round = 0; round < 4; round++) {
                double[] a = round % 2 == 0 ? random.doubles(m).map(v -> v * 2 - 1).toArray() : values(random, m);
                double[] b = round % 2 == 0 ? random.doubles(n).map(v -> v * 2 - 1).toArray() : values(random, n);
                double[] c = Gemm.multiplyTransposedA(a, b, 1, m, n);
                assertThat(c).hasSize(m * n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertThat(Double.doubleToLongBits(c[i * n + j])).as("%dx%d, (%d, %d)", m, n, i, j)
                                .isEqualTo(Double.doubleToLongBits(a[i] * b[j]));
                    }
                }
            }
        }
    }

    /** The same cblas call on fresh native copies made by one thread. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b) {
        try (DoublePointer pa = new DoublePointer(a); DoublePointer pb = new DoublePointer(b); DoublePointer pc = new DoublePointer((long) m * n)) {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                    tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, pa, ta ? m : k, pb, tb ? k : n, 0.0, pc, n);
            double[] c = new double[m * n];
            pc.get(c);
            return c;
        }
    }
}
