package dev.adjoint.autodiff;

/**
 * A computation ran past its {@link Deadline} (or was cancelled) and stopped. Nothing of it is
 * returned: the web layer answers 503 naming the limit.
 */
public class DeadlineExceededException extends RuntimeException {

    private final long limitMillis;
    private final long elapsedMillis;
    private final boolean cancelled;

    public DeadlineExceededException(long limitMillis, long elapsedMillis, boolean cancelled) {
        super(cancelled ? "the computation was cancelled after " + elapsedMillis + " ms"
                : "the computation took longer than " + limitMillis + " ms and was stopped after " + elapsedMillis + " ms");
        this.limitMillis = limitMillis;
        this.elapsedMillis = elapsedMillis;
        this.cancelled = cancelled;
    }

    public long limitMillis() {
        return limitMillis;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
