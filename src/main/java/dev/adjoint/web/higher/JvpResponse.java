package dev.adjoint.web.higher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.HigherOrder;
import dev.adjoint.web.expressions.TensorJson;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * @param value   the output's value: a number, a list or a list of rows
 * @param tangent the directional derivative of the output along the request's tangents, of the output's shape
 * @param nodes   every node in evaluation order with its value and tangent (0 where no tangent reaches)
 */
@Schema(description = "Forward mode: the output's value and directional derivative, and every node's tangent")
public record JvpResponse(String output, Object value, Object tangent, List<Node> nodes, List<Warning> warnings) {

    /**
     * @param kind       {@code input}, {@code constant} or {@code operation}
     * @param expression an operation with its input ids, as in the gradient's {@code nodes}
     * @param tangent    d node along the tangents (forward mode)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String kind, String expression, Object value, Object tangent) {
    }

    static JvpResponse of(HigherOrder.Jvp j) {
        return new JvpResponse(j.output(), TensorJson.of(j.value()), TensorJson.of(j.tangent()),
                j.nodes().stream().map(n -> new Node(n.id(), n.kind(), n.expression(), TensorJson.of(n.value()), TensorJson.of(n.tangent()))).toList(), j.warnings());
    }
}
