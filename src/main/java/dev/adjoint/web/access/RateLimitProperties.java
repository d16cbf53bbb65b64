package dev.adjoint.web.access;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client rate limits ({@code adjoint.rate-limit.*}): a token bucket per API key, or per remote
 * address for calls without a valid key. Each replica counts on its own.
 *
 * @param enabled           whether API calls are limited at all
 * @param requestsPerMinute sustained rate: tokens added back per minute
 * @param capacity          burst: the most calls a client can make at once after being idle
 * @param maxClients        buckets kept in memory; the least recently seen client is forgotten first
 */
@Validated
@ConfigurationProperties("adjoint.rate-limit")
public record RateLimitProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("600") @Positive long requestsPerMinute,
        @DefaultValue("100") @Positive long capacity,
        @DefaultValue("100000") @Positive long maxClients) {
}
