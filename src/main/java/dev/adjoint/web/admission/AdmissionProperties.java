package dev.adjoint.web.admission;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How much work the server takes on at once, and for how long ({@code adjoint.admission.*}).
 *
 * @param budgetBytes       estimated heap all admitted requests may hold together; 0 derives it from the heap
 * @param heapFraction      with {@code budgetBytes} 0: this fraction of the maximum heap ({@code -Xmx});
 *                          the rest is for the server itself, answers being written and estimation error
 * @param smallRequestBytes requests estimated at most this large take the small lane
 * @param smallRequestWork  requests with more CPU work than this (a training run's work, about a
 *                          nanosecond a unit) take the large lane, however small their heap
 * @param smallLaneFraction the part of the budget kept for the small lane
 * @param queueLength       big requests that may wait for room; more are refused at once (503)
 * @param maxLargeRequests  large requests computing at once; 0 for one per available processor (at least 2)
 * @param queueWait         longest wait for room before a 503
 * @param requestTime       a request still computing after this long stops with a 503
 */
@Validated
@ConfigurationProperties("adjoint.admission")
public record AdmissionProperties(
        @DefaultValue("0") @PositiveOrZero long budgetBytes,
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.95") double heapFraction,
        @DefaultValue("1048576") @Positive long smallRequestBytes,
        @DefaultValue("10000000") @Positive long smallRequestWork,
        @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("0.5") double smallLaneFraction,
        @DefaultValue("32") @PositiveOrZero int queueLength,
        @DefaultValue("0") @PositiveOrZero int maxLargeRequests,
        @DefaultValue("5s") Duration queueWait,
        @DefaultValue("10s") Duration requestTime) {

    int maxLarge() {
        return maxLargeRequests > 0 ? maxLargeRequests : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** The whole budget in bytes: the configured one, or the fraction of this JVM's maximum heap. */
    long budget() {
        return budgetBytes > 0 ? budgetBytes : (long) (heapFraction * Runtime.getRuntime().maxMemory());
    }
}
