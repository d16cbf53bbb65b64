package dev.adjoint.web.admission;

/**
 * The server is busy: the work in flight plus this request's cost is over the budget, and the
 * queue was full or the wait ran out. The web layer answers 503 with {@code Retry-After}.
 *
 * @see AdmissionControl
 */
public class AdmissionRefusedException extends RuntimeException {

    private final long limit;
    private final long actual;
    private final long retryAfterSeconds;

    AdmissionRefusedException(String message, long limit, long actual, long retryAfterSeconds) {
        super(message);
        this.limit = limit;
        this.actual = actual;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The budget, in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes in flight plus this request's, when it was refused. */
    public long actual() {
        return actual;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
