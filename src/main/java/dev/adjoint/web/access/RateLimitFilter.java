package dev.adjoint.web.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per client: per API key when the call carries a valid one, else per remote
 * address (behind a proxy, the forwarded client address; see README "Deployment"). A call takes
 * one token here, before its body is read; once the body is parsed, a costly request takes more
 * ({@link RateLimitCharge}). With none left the answer is 429 with {@code Retry-After}. Invalid keys count against
 * the address, so guessing keys is limited too.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties limits;
    private final ApiKeys keys;
    private final HandlerExceptionResolver resolvers;
    private final Cache<String, Bucket> buckets;

    RateLimitFilter(RateLimitProperties limits, ApiKeys keys, HandlerExceptionResolver resolvers) {
        this.limits = limits;
        this.keys = keys;
        this.resolvers = resolvers;
        // A bucket idle for as long as it takes to refill completely is full, the same as a new one,
        // so forgetting it then changes nothing; the size bound caps memory under many addresses.
        Duration refill = Duration.ofSeconds(Math.max(1, (limits.capacity() * 60 + limits.requestsPerMinute() - 1) / limits.requestsPerMinute()));
        this.buckets = Caffeine.newBuilder().maximumSize(limits.maxClients()).expireAfterAccess(refill).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CorsUtils.isPreFlightRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(AccessProblems.API_KEY_HEADER);
        String client = keys.isValid(key) ? "key:" + key : "address:" + request.getRemoteAddr();
        Bucket bucket = buckets.get(client, c -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            request.setAttribute(RateLimitCharge.ATTRIBUTE, new RateLimitCharge(bucket, limits));
            chain.doFilter(request, response);
        } else {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            AccessProblems.reject(resolvers, request, response, AccessProblems.tooManyRequests(seconds, limits.requestsPerMinute()));
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.capacity()).refillGreedy(limits.requestsPerMinute(), Duration.ofMinutes(1)))
                .build();
    }
}
