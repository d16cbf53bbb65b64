package dev.adjoint.web.higher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.HigherOrder;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * @param tangent the directional derivative of the output along the request's tangents
 * @param nodes   every node in evaluation order with its value and tangent (0 where no tangent reaches)
 */
@Schema(description = "Forward mode: the output's value and directional derivative, and every node's tangent")
public record JvpResponse(String output, double value, double tangent, List<Node> nodes, List<Warning> warnings) {

    /**
     * @param kind       {@code input}, {@code constant} or {@code operation}
     * @param expression an operation with its input ids, as in the gradient's {@code nodes}
     * @param tangent    d node along the tangents (forward mode)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String kind, String expression, double value, double tangent) {
    }

    static JvpResponse of(HigherOrder.Jvp j) {
        return new JvpResponse(j.output(), j.value(), j.tangent(),
                j.nodes().stream().map(n -> new Node(n.id(), n.kind(), n.expression(), n.value(), n.tangent())).toList(), j.warnings());
    }
}
