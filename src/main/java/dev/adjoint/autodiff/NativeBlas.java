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
    /** From this many doubles (512 KiB) a copy into or out of the buffers is split between two threads. */
    private static final long SPLIT_COPY = TwoThreads.SPLIT;

    /** C[m×n] = op(A) · op(B), row-major; op transposes when asked. A is m×k (k×m if transposed), B k×n (n×k). */
    static synchronized void dgemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
        bufferA = fit(bufferA, a.length);
        bufferB = fit(bufferB, b.length);
        bufferC = fit(bufferC, c.length);
        copy(a, bufferA, b, bufferB, true);
        openblas.cblas_dgemm(openblas.CblasRowMajor,
                transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1.0, bufferA, transposeA ? m : k, bufferB, transposeB ? k : n, 0.0, bufferC, n);
        copy(c, bufferC, null, null, false);
        bufferA = release(bufferA);
        bufferB = release(bufferB);
        bufferC = release(bufferC);
    }

    /**
     * Copies {@code first} (and {@code second}, if given) into ({@code in}) or out of their native
     * buffers. From {@link #SPLIT_COPY} doubles in all, the first half of each array is copied on a
     * pool thread while the caller copies the second half: a copy is memory-bound, and the core
     * that OpenBLAS's other thread used for the product is otherwise idle meanwhile (BENCHMARKS.md,
     * "Issue 16, third pass"). Each element is copied once, by one thread, so the bits are the same.
     */
    private static void copy(double[] first, DoublePointer firstBuffer, double[] second, DoublePointer secondBuffer, boolean in) {
        long total = (long) first.length + (second == null ? 0 : second.length);
        if (total < SPLIT_COPY || !TwoThreads.available()) {
            range(first, firstBuffer, 0, first.length, in);
            if (second != null) {
                range(second, secondBuffer, 0, second.length, in);
            }
            return;
        }
        int firstHalf = first.length / 2;
        int secondHalf = second == null ? 0 : second.length / 2;
        // Views of their own: a Pointer's position is per object, and two threads copy at once.
        DoublePointer firstView = new DoublePointer(firstBuffer);
        DoublePointer secondView = second == null ? null : new DoublePointer(secondBuffer);
        TwoThreads.both(() -> {
            range(first, firstView, 0, firstHalf, in);
            if (second != null) {
                range(second, secondView, 0, secondHalf, in);
            }
        }, () -> {
            range(first, firstBuffer, firstHalf, first.length, in);
            if (second != null) {
                range(second, secondBuffer, secondHalf, second.length, in);
            }
        });
    }

    /** Elements [from, to) of {@code array} into or out of {@code buffer} at the same offsets. */
    private static void range(double[] array, DoublePointer buffer, int from, int to, boolean in) {
        buffer.position(from);
        if (in) {
            buffer.put(array, from, to - from);
        } else {
            buffer.get(array, from, to - from);
        }
        buffer.position(0);
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
