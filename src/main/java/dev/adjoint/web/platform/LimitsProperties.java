package dev.adjoint.web.platform;

import dev.adjoint.expression.Limits;
import dev.adjoint.network.NetworkLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
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
 * @param maxActivations      examples x layer widths of one network request (inputs, every layer's outputs, targets)
 * @param maxTrainingWork     a training run's work: epochs x (examples x (parameters + widths + 100) + steps x layers x 250)
 * @param maxVerifiedElements elements a network's finite-difference check probes (a fixed sample beyond)
 * @param maxVerificationWork node evaluations an expression's {@code verify} may take (2 x variables x nodes)
 * @param maxBatchItems       requests in one batch call
 * @param maxDrawnNodes       nodes in a graph picture (layout cost grows faster than linearly)
 * @param maxDrawnEdges       arrows in an SVG picture (the layout's crossing minimisation is over them)
 * @param maxDrawnSpan        the sum over arrows of the layers each spans, in an SVG picture: ELK routes a long
 *                            arrow through one dummy node per layer, so this bounds the layout's real size
 * @param maxRecordedLosses   epochs of a training run, and recorded step losses
 * @param maxBindingElements  numbers in one binding (a vector or matrix), counted while it is read
 * @param maxNodeElements     elements of any one node of an expression's graph, from its shape before it is computed
 * @param maxGraphElements    elements of all nodes of an expression's graph together
 * @param maxSyntaxErrors     syntax problems one 400 answer lists (parsing goes on after each, up to this many)
 * @param compileCacheBytes   estimated bytes of compiled graphs kept for texts sent again (a batch of one problem
 *                            template); 0 keeps none (expression.CompiledExpressionCache)
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
        @DefaultValue("1000000") @Positive @Max(1_000_000_000) long maxActivations,
        @DefaultValue("2000000000") @Positive long maxTrainingWork,
        @DefaultValue("50") @Positive int maxVerifiedElements,
        @DefaultValue("100000000") @Positive long maxVerificationWork,
        @DefaultValue("2000") @Positive int maxBatchItems,
        @DefaultValue("400") @Positive int maxDrawnNodes,
        @DefaultValue("1000") @Positive int maxDrawnEdges,
        @DefaultValue("8000") @Positive long maxDrawnSpan,
        @DefaultValue("100000") @Positive int maxRecordedLosses,
        @DefaultValue("1000000") @Positive long maxBindingElements,
        @DefaultValue("4000000") @Positive long maxNodeElements,
        @DefaultValue("16000000") @Positive long maxGraphElements,
        @DefaultValue("10") @Positive @Max(1000) int maxSyntaxErrors,
        @DefaultValue("16777216") @PositiveOrZero long compileCacheBytes) {

    public NetworkLimits networkLimits() {
        return new NetworkLimits(maxParameters, maxExamples, maxActivations, maxTrainingWork, maxRecordedLosses);
    }

    public Limits expressionLimits() {
        return new Limits(maxExpressionLength, maxDepth, maxNodes, maxNodeElements, maxGraphElements, maxSyntaxErrors);
    }
}
