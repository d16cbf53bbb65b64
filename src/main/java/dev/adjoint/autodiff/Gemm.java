package dev.adjoint.autodiff;

import java.util.stream.IntStream;

/**
 * The one matrix-product kernel: {@code C = A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} on row-major
 * {@code double[]}. Network cost is here.
 *
 * <p>Products of at least {@link #NATIVE_THRESHOLD} multiply-adds go to OpenBLAS when it is
 * available ({@link NativeBlas}); the rest, and all of them where it is not, run here. Which path a
 * product takes depends only on its size, so a request still gives the same bits every time.
 *
 * <p>The Java kernel is written for the cache: the innermost loop runs along a row of B and a row of C
 * (unit stride, no reduction), several depths share each load and store of C, and B is walked in
 * panels that stay in L2. It is scalar code: C2 on JDK 17 vectorizes a loop only when all its arrays
 * sit at the same offset from the loop index, and a row of C and rows of B at run-time offsets do not
 * (BENCHMARKS.md, "Issue 16, fifth pass"); the one-example weight gradient is written in a form that
 * does. Large products split the rows of C between threads; each element is still summed by one
 * thread in one fixed order, so the result does not depend on the thread count (same request, same
 * bits).
 */
final class Gemm {

    /** Rows of C per task when splitting between threads. */
    private static final int ROWS_PER_TASK = 16;
    /** Below this many multiply-adds, one thread is faster than handing work over. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;
    /** Columns of B (and C) per panel: 256 doubles is 2 KiB a row. */
    private static final int PANEL = 256;
    /** Rows of B per panel: with PANEL, 128 KiB of B stays in L2 while the rows of C pass over it. */
    private static final int DEPTH = 64;

    private Gemm() {
    }

    /** From this many multiply-adds (a 64³ product), OpenBLAS beats the Java kernel plus the JNI call. */
    static final long NATIVE_THRESHOLD = 1L << 18;

    /** C[m×n] = A[m×k] · B[k×n]. */
    static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        if (useNative(m, k, n)) {
            double[] c = new double[m * n];
            NativeBlas.dgemm(false, false, m, n, k, a, b, c);
            return c;
        }
        if (m == 1) {
            return oneRow(a, b, k, n);
        }
        return blocked(a, b, m, k, n);
    }

    /** {@link #multiply} by the panel kernel, whatever m is (the path of every Java product of two or more rows). */
    static double[] blocked(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        rows(m, (long) m * k * n, (from, to) -> block(a, b, c, from, to, k, n));
        return c;
    }

    /**
     * C[1×n] = a[1×k] · B[k×n] (one example's forward product), eight columns at a time with their sums in
     * registers: C2 does not vectorize the panel kernel here (on JDK 17 a loop mixing arrays at different
     * run-time offsets stays scalar), so the eight rows' loads and the stores of C that {@link #block} makes
     * per pass over a row of C are what costs. Each sum still starts at 0.0 and adds a[p]·B[p][j] for
     * p = 0, 1, ... in order, as {@link #block} does: the same bits.
     */
    private static double[] oneRow(double[] a, double[] b, int k, int n) {
        double[] c = new double[n];
        int j = 0;
        for (; j + 7 < n; j += 8) {
            double c0 = 0.0;
            double c1 = 0.0;
            double c2 = 0.0;
            double c3 = 0.0;
            double c4 = 0.0;
            double c5 = 0.0;
            double c6 = 0.0;
            double c7 = 0.0;
            for (int p = 0, q = j; p < k; p++, q += n) {
                double ap = a[p];
                c0 += ap * b[q];
                c1 += ap * b[q + 1];
                c2 += ap * b[q + 2];
                c3 += ap * b[q + 3];
                c4 += ap * b[q + 4];
                c5 += ap * b[q + 5];
                c6 += ap * b[q + 6];
                c7 += ap * b[q + 7];
            }
            c[j] = c0;
            c[j + 1] = c1;
            c[j + 2] = c2;
            c[j + 3] = c3;
            c[j + 4] = c4;
            c[j + 5] = c5;
            c[j + 6] = c6;
            c[j + 7] = c7;
        }
        for (; j < n; j++) {
            double sum = 0.0;
            for (int p = 0, q = j; p < k; p++, q += n) {
                sum += a[p] * b[q];
            }
            c[j] = sum;
        }
        return c;
    }

    /** C[m×n] = Aᵀ · B, with A stored k×m and B k×n. */
    static double[] multiplyTransposedA(double[] a, double[] b, int k, int m, int n) {
        if (k == 1) { // one example: the weight gradient z gᵀ is an outer product, written in one pass
            double[] c = new double[m * n];
            if (n >= 32) { // a row of b copied, then scaled in place: one array at one offset, which C2 vectorizes; the same a_i · b_j
                // (the copy keeps every bit). Below 32 columns the copy's call costs more than the scalar loop.
                for (int i = 0; i < m; i++) {
                    double ai = a[i];
                    int ci = i * n;
                    System.arraycopy(b, 0, c, ci, n);
                    for (int p = ci; p < ci + n; p++) {
                        c[p] = ai * c[p];
                    }
                }
                return c;
            }
            for (int i = 0; i < m; i++) {
                double ai = a[i];
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = ai * b[j];
                }
            }
            return c;
        }
        if (useNative(m, k, n)) {
            double[] c = new double[m * n];
            NativeBlas.dgemm(true, false, m, n, k, a, b, c);
            return c;
        }
        return multiply(transpose(a, k, m), b, m, k, n);
    }

    /** C[m×n] = A · Bᵀ, with A stored m×k and B n×k. */
    static double[] multiplyTransposedB(double[] a, double[] b, int m, int k, int n) {
        if (useNative(m, k, n)) {
            double[] c = new double[m * n];
            NativeBlas.dgemm(false, true, m, n, k, a, b, c);
            return c;
        }
        if (m < 4) { // a few rows (one example): dot products of rows beat transposing all of B
            double[] c = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) {
                        sum += a[i * k + p] * b[j * k + p];
                    }
                    c[i * n + j] = sum;
                }
            }
            return c;
        }
        return multiply(a, transpose(b, n, k), m, k, n);
    }

    private static boolean useNative(int m, int k, int n) {
        return NativeBlas.AVAILABLE && (long) m * k * n >= NATIVE_THRESHOLD;
    }

    /** The transpose of a rows×cols row-major matrix. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i0 = 0; i0 < rows; i0 += 32) {
            for (int j0 = 0; j0 < cols; j0 += 32) {
                for (int i = i0; i < Math.min(i0 + 32, rows); i++) {
                    for (int j = j0; j < Math.min(j0 + 32, cols); j++) {
                        t[j * rows + i] = a[i * cols + j];
                    }
                }
            }
        }
        return t;
    }

    private interface RowRange {
        void run(int from, int to);
    }

    private static void rows(int m, long work, RowRange body) {
        if (work < PARALLEL_THRESHOLD || m < 2 * ROWS_PER_TASK) {
            body.run(0, m);
            return;
        }
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t -> body.run(t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK)));
    }

    /** Rows [from, to) of C += A·B, panel by panel; within a panel, k runs in order, so each sum's order is fixed. */
    private static void block(double[] a, double[] b, double[] c, int from, int to, int k, int n) {
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int j1 = Math.min(j0 + PANEL, n);
            for (int p0 = 0; p0 < k; p0 += DEPTH) {
                int p1 = Math.min(p0 + DEPTH, k);
                for (int i = from; i < to; i++) {
                    int p = p0;
                    for (; p + 7 < p1; p += 8) {
                        eightDepths(a, b, c, i, p, j0, j1, k, n);
                    }
                    for (; p + 3 < p1; p += 4) {
                        fourDepths(a, b, c, i, p, j0, j1, k, n);
                    }
                    for (; p < p1; p++) {
                        oneDepth(a, b, c, i, p, j0, j1, k, n);
                    }
                }
            }
        }
    }

    /**
     * Row i of C gains four rank-1 terms at once: one load and one store of C per four multiply-adds,
     * and a single store stream. The sum is written left to right, so it adds in
     * the same order as four single steps would.
     */
    private static void fourDepths(double[] a, double[] b, double[] c, int i, int p, int j0, int j1, int k, int n) {
        int ci = i * n;
        double a0 = a[i * k + p];
        double a1 = a[i * k + p + 1];
        double a2 = a[i * k + p + 2];
        double a3 = a[i * k + p + 3];
        int b0 = p * n;
        int b1 = b0 + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        for (int j = j0; j < j1; j++) {
            c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
    }

    /**
     * Eight rank-1 terms per pass over row i of C: half the loads and stores of C of two four-depth
     * passes, and half the loop set-ups. Still summed left to right: the same bits.
     */
    private static void eightDepths(double[] a, double[] b, double[] c, int i, int p, int j0, int j1, int k, int n) {
        int ci = i * n;
        int ai = i * k + p;
        double a0 = a[ai];
        double a1 = a[ai + 1];
        double a2 = a[ai + 2];
        double a3 = a[ai + 3];
        double a4 = a[ai + 4];
        double a5 = a[ai + 5];
        double a6 = a[ai + 6];
        double a7 = a[ai + 7];
        int b0 = p * n;
        int b1 = b0 + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        int b4 = b3 + n;
        int b5 = b4 + n;
        int b6 = b5 + n;
        int b7 = b6 + n;
        for (int j = j0; j < j1; j++) {
            c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j]
                    + a4 * b[b4 + j] + a5 * b[b5 + j] + a6 * b[b6 + j] + a7 * b[b7 + j];
        }
    }

    private static void oneDepth(double[] a, double[] b, double[] c, int i, int p, int j0, int j1, int k, int n) {
        int ci = i * n;
        double ai = a[i * k + p];
        int bp = p * n;
        for (int j = j0; j < j1; j++) {
            c[ci + j] += ai * b[bp + j];
        }
    }
}
