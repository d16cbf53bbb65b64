package dev.adjoint.web.access;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.web.ErrorResponseException;

import java.util.concurrent.TimeUnit;

/**
 * The client's token bucket, left on the request by {@link RateLimitFilter} so that the front door
 * can charge by cost once the body is parsed: the filter takes one token per call, a request that
 * costs more takes the rest (a 2 000-item batch is not one token).
 */
public final class RateLimitCharge {

    public static final String ATTRIBUTE = RateLimitCharge.class.getName();

    private final Bucket bucket;
    private final RateLimitProperties limits;

    RateLimitCharge(Bucket bucket, RateLimitProperties limits) {
        this.bucket = bucket;
        this.limits = limits;
    }

    /**
     * Takes {@code tokens} more, at most what a full bucket holds beyond the one already taken (so
     * any request within the size limits can pass after the bucket refills).
     *
     * @throws ErrorResponseException 429 with {@code Retry-After} when the bucket has too few
     */
    public void takeMore(long tokens) {
        long wanted = Math.min(tokens, limits.capacity() - 1);
        if (wanted <= 0) {
            return;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(wanted);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw AccessProblems.tooManyRequests(seconds, limits.requestsPerMinute(), wanted + 1);
        }
    }
}
