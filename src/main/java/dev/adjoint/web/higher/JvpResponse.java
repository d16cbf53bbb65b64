package dev.adjoint.web.higher;

import dev.adjoint.web.platform.NumberSchemas;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.HigherOrder;
import dev.adjoint.web.expressions.TensorJson;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * @param value   the output's value: a number, a list or a list of rows
 * @param tangent the directional derivative of the output along the request's tangents, of the output's shape
 * @param nodes   every node in evaluation order with its value and tangent (0 where no tangent reaches)
 */
@Schema(name = "JvpResponse", description = "Forward mode: the output's value and directional derivative, and every node's tangent")
public record JvpResponse(
        @Schema(description = "Id of the output node", requiredMode = REQUIRED, example = "y") String output,
        @Schema(ref = NumberSchemas.TENSOR, description = "The output's value: a number, a list or a list of rows", requiredMode = REQUIRED,
                example = "412.19145728412116") Object value,
        @Schema(ref = NumberSchemas.TENSOR, description = "The directional derivative of the output along the request's tangents, of the "
                + "output's shape", requiredMode = REQUIRED, example = "1208.3812151266095") Object tangent,
        @Schema(description = "Every node in evaluation order with its value and tangent", requiredMode = REQUIRED) List<Node> nodes,
        @Schema(description = "The first non-finite value and tangent, if any, and why", requiredMode = REQUIRED) List<Warning> warnings) {

    /**
     * @param kind       {@code input}, {@code constant} or {@code operation}
     * @param expression an operation with its input ids, as in the gradient's {@code nodes}
     * @param tangent    d node along the tangents (forward mode)
     */
    @Schema(name = "JvpNode", description = "A node of the graph with its value and its tangent (forward-mode derivative)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(
            @Schema(description = "The node's id, as in the gradient's nodes", requiredMode = REQUIRED, example = "a") String id,
            @Schema(description = "What the node is", requiredMode = REQUIRED, allowableValues = {"input", "constant", "operation"},
                    example = "operation") String kind,
            @Schema(description = "An operation with its input ids, as the language prints it", example = "x * z") String expression,
            @Schema(ref = NumberSchemas.TENSOR, description = "The node's value, in its shape", requiredMode = REQUIRED, example = "6") Object value,
            @Schema(ref = NumberSchemas.TENSOR, description = "d node along the tangents, in the node's shape (0 where no tangent reaches)",
                    requiredMode = REQUIRED, example = "3") Object tangent) {
    }

    static JvpResponse of(HigherOrder.Jvp j) {
        return new JvpResponse(j.output(), TensorJson.of(j.value()), TensorJson.of(j.tangent()),
                j.nodes().stream().map(n -> new Node(n.id(), n.kind(), n.expression(), TensorJson.of(n.value()), TensorJson.of(n.tangent()))).toList(), j.warnings());
    }
}
