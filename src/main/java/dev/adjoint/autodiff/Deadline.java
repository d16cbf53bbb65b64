package dev.adjoint.autodiff;

import java.util.concurrent.TimeUnit;

/**
 * When a computation must stop: a point in time, and a flag to stop sooner (the client went away).
 * Loops that can run long (the sweeps, training steps, batch items, layout) call {@link #check()}
 * now and then; it costs a volatile read and a clock read, so callers check every few thousand
 * nodes rather than every node. A plain object, so the core needs no framework to be stoppable.
 */
public final class Deadline {

    /** Never passes: for callers (tests, benchmarks, the core used as a library) with no time limit. */
    public static final Deadline NONE = new Deadline(System.nanoTime(), Long.MAX_VALUE);

    private final long startNanos;
    /** Nanoseconds from start; Long.MAX_VALUE for none. */
    private final long limitNanos;
    private volatile boolean cancelled;

    private Deadline(long startNanos, long limitNanos) {
        this.startNanos = startNanos;
        this.limitNanos = limitNanos;
    }

    /** A deadline {@code limitMillis} after {@code startNanos} (a {@link System#nanoTime()} reading, e.g. when the request arrived). */
    public static Deadline of(long startNanos, long limitMillis) {
        return new Deadline(startNanos, TimeUnit.MILLISECONDS.toNanos(limitMillis));
    }

    /** Stops the work at its next check (the client disconnected, or the server is shutting down). */
    public void cancel() {
        if (this != NONE) {
            cancelled = true;
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Past the time, or cancelled. */
    public boolean passed() {
        return cancelled || limitNanos != Long.MAX_VALUE && System.nanoTime() - startNanos > limitNanos;
    }

    /** Throws {@link DeadlineExceededException} once the deadline has passed or the work was cancelled. */
    public void check() {
        if (passed()) {
            throw new DeadlineExceededException(limitMillis(), elapsedMillis(), cancelled);
        }
    }

    public long limitMillis() {
        return limitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(limitNanos);
    }

    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Milliseconds left (0 once passed); Long.MAX_VALUE for none. */
    public long remainingMillis() {
        if (limitNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(limitNanos - (System.nanoTime() - startNanos)));
    }
}
