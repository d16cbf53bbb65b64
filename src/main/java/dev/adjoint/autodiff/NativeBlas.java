package dev.adjoint.autodiff;

import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS's dgemm (bytedeco's build, bundled for linux-x86_64), for the products large enough to
 * pay for the call: on this project's machines it runs a 1024³ product ~7x faster than the Java
 * kernel (BENCHMARKS.md). Where the native library cannot load, or with {@code -Dadjoint.gemm=java},
 * {@link #AVAILABLE} is false and {@link Gemm} does every product itself.
 *
 * <p>Calls are serialized: OpenBLAS already uses every core for one large product, and one call at
 * a time keeps its thread pool out of any reentrancy question.
 */
final class NativeBlas {

    static final boolean AVAILABLE = load();

    private NativeBlas() {
    }

    private static boolean load() {
        if ("java".equals(System.getProperty("adjoint.gemm"))) {
            return false;
        }
        try {
            openblas.blas_get_num_threads();
            return true;
        } catch (Throwable unavailable) { // UnsatisfiedLinkError, or no native build for this platform
            return false;
        }
    }

    /** C[m×n] = op(A) · op(B), row-major; op transposes when asked. A is m×k (k×m if transposed), B k×n (n×k). */
    static synchronized void dgemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
        openblas.cblas_dgemm(openblas.CblasRowMajor,
                transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1.0, a, transposeA ? m : k, b, transposeB ? k : n, 0.0, c, n);
    }
}
