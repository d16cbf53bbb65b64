package dev.adjoint.autodiff;

/**
 * A request is larger than a configured limit (nodes, expression length, nesting depth, ...).
 * Thrown before the large allocation, so an over-size request costs little.
 */
public class LimitExceededException extends RuntimeException {

    private final String limitName;
    private final long limit;
    private final long actual;

    /**
     * @param limitName what is limited, as the client would name it ({@code "nodes"})
     * @param actual    the size seen; where counting stopped at the limit, the first size over it
     */
    public LimitExceededException(String limitName, long limit, long actual, String message) {
        super(message);
        this.limitName = limitName;
        this.limit = limit;
        this.actual = actual;
    }

    public String limitName() {
        return limitName;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }
}
