package dev.adjoint.autodiff;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS's dgemm (bytedeco's build, bundled for linux-x86_64), for the products large enough to
 * pay for the call: on this project's machines it runs a 1024³ product ~7x faster than the Java
 * kernel (BENCHMARKS.md). Where the native library cannot load, or with {@code -Dadjoint.gemm=java},
 * {@link #AVAILABLE} is false and {@link Gemm} does every product itself.
 *
 * <p>Calls are serialized: OpenBLAS already uses every core for one large product, and one call at
 * a time keeps its thread pool out of any reentrancy question.
 *
 * <p>The operands go through native buffers kept between calls, not as Java arrays: JavaCPP passes
 * an array by copying it into fresh malloc'd memory and copying it back afterwards, inputs
 * included, which for a 1024x1024 weight matrix cost about as much as the product (fresh pages
 * fault in on every call). Here A and B are copied in once and only C comes back.
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

    /** Buffers up to this many doubles (8 MiB each) are kept for the next call; larger ones are freed after it. */
    private static final long KEEP = 1L << 20;
    private static DoublePointer bufferA;
    private static DoublePointer bufferB;
    private static DoublePointer bufferC;

    /** C[m×n] = op(A) · op(B), row-major; op transposes when asked. A is m×k (k×m if transposed), B k×n (n×k). */
    static synchronized void dgemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
        bufferA = fit(bufferA, a.length);
        bufferB = fit(bufferB, b.length);
        bufferC = fit(bufferC, c.length);
        bufferA.position(0).put(a, 0, a.length);
        bufferB.position(0).put(b, 0, b.length);
        openblas.cblas_dgemm(openblas.CblasRowMajor,
                transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1.0, bufferA, transposeA ? m : k, bufferB, transposeB ? k : n, 0.0, bufferC, n);
        bufferC.position(0).get(c, 0, c.length);
        bufferA = release(bufferA);
        bufferB = release(bufferB);
        bufferC = release(bufferC);
    }

    /** A buffer of at least {@code size} doubles: the kept one when large enough. */
    private static DoublePointer fit(DoublePointer buffer, long size) {
        if (buffer != null && buffer.capacity() >= size) {
            return buffer;
        }
        if (buffer != null) {
            buffer.close();
        }
        return new DoublePointer(Math.max(size, 1));
    }

    /** Frees a buffer too large to keep, so one huge product does not hold its memory for the life of the process. */
    private static DoublePointer release(DoublePointer buffer) {
        if (buffer.capacity() > KEEP) {
            buffer.close();
            return null;
        }
        return buffer;
    }
}
