package dev.adjoint.autodiff;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two halves of a memory-bound loop on two cores: the large network step's copies into and out of
 * OpenBLAS's buffers and its activation loops, which otherwise leave the second core idle between
 * products. Each element is still computed or copied once, by one thread, with the same arithmetic,
 * so the bits do not depend on how the work was split. A pool busy elsewhere never makes the
 * caller wait: whoever claims the first half first runs it.
 */
final class TwoThreads {

    /** Loops over at least this many elements are split (below it a hand-over costs more than it saves). */
    static final int SPLIT = 1 << 16;
    private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

    private TwoThreads() {
    }

    interface Range {
        void run(int from, int to);
    }

    /** {@code body} over [0, n): split in two halves from {@link #SPLIT} elements on a machine with more than one core. */
    static void halves(int n, Range body) {
        if (n < SPLIT || !MANY_CORES) {
            body.run(0, n);
            return;
        }
        int half = n / 2;
        both(() -> body.run(0, half), () -> body.run(half, n));
    }

    /** Runs {@code first} on a pool thread (or on the caller, if no pool thread took it yet) and {@code second} on the caller. */
    static void both(Runnable first, Runnable second) {
        AtomicBoolean claimed = new AtomicBoolean();
        ForkJoinTask<?> helper = ForkJoinPool.commonPool().submit(() -> {
            if (claimed.compareAndSet(false, true)) {
                first.run();
            }
        });
        second.run();
        if (claimed.compareAndSet(false, true)) {
            first.run();
        } else {
            helper.join();
        }
    }

    /** True on a machine with more than one core, where {@link #both} can run its halves at once. */
    static boolean available() {
        return MANY_CORES;
    }
}
