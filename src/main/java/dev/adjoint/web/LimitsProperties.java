package dev.adjoint.web;

import dev.adjoint.expression.Limits;
import dev.adjoint.network.NetworkLimits;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request size limits ({@code adjoint.limits.*}), checked before large allocations. Over a limit
 * the answer is 413 with {@code limit} and {@code actual}.
 *
 * @param maxBodyBytes        request body size
 * @param maxExpressionLength characters of expression or program text
 * @param maxDepth            parentheses (function calls included) open at once
 * @param maxNodes            nodes in one graph
 * @param maxBindings         bound variables in one request
 * @param maxParameters       weights and biases in one network
 * @param maxExamples         examples in one network request
 * @param maxTrainingWork     examples x epochs x parameters of one training run
 * @param maxVerifiedElements elements a network's finite-difference check probes (a fixed sample beyond)
 * @param maxBatchItems       requests in one batch call
 * @param maxDrawnNodes       nodes in a graph picture (layout cost grows faster than linearly)
 * @param maxRecordedLosses   epochs of a training run, and recorded step losses
 */
@Validated
@ConfigurationProperties("adjoint.limits")
public record LimitsProperties(
        @DefaultValue("16777216") @Positive long maxBodyBytes,
        @DefaultValue("1000000") @Positive int maxExpressionLength,
        @DefaultValue("10000") @Positive int maxDepth,
        @DefaultValue("200000") @Positive int maxNodes,
        @DefaultValue("10000") @Positive int maxBindings,
        @DefaultValue("2000000") @Positive long maxParameters,
        @DefaultValue("4096") @Positive int maxExamples,
        @DefaultValue("2000000000") @Positive long maxTrainingWork,
        @DefaultValue("50") @Positive int maxVerifiedElements,
        @DefaultValue("2000") @Positive int maxBatchItems,
        @DefaultValue("400") @Positive int maxDrawnNodes,
        @DefaultValue("100000") @Positive int maxRecordedLosses) {

    NetworkLimits networkLimits() {
        return new NetworkLimits(maxParameters, maxExamples, maxTrainingWork, maxRecordedLosses);
    }

    public Limits expressionLimits() {
        return new Limits(maxExpressionLength, maxDepth, maxNodes);
    }
}
