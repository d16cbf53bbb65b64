package dev.adjoint.web.networks;

import dev.adjoint.web.platform.NumberSchemas;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.network.NetworkResult;
import dev.adjoint.web.expressions.GradientResponse;
import dev.adjoint.web.expressions.TensorJson;
import dev.adjoint.web.expressions.VerificationView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Loss, predictions, every gradient (weights in the request's layout), and the trace of tensors. */
@Schema(name = "NetworkResponse", description = "Loss, predictions, gradients of every weight, bias and input, and the forward/backward trace")
public record NetworkResponse(
        @Schema(ref = NumberSchemas.REAL, description = "The loss J (the mean over the examples)", requiredMode = REQUIRED,
                example = "0.204293") double loss,
        @Schema(ref = NumberSchemas.MATRIX, description = "The network's output, one row per example", requiredMode = REQUIRED,
                example = "[[0.815213]]") double[][] predictions,
        @Schema(description = "d J / d every weight, bias and input", requiredMode = REQUIRED) Gradients gradients,
        @Schema(description = "The trace: x, W1, u1, z1, ..., J with their values and gradients, in evaluation order", requiredMode = REQUIRED)
        List<Node> nodes,
        @Schema(description = "Each differentiated node's adjoint as one term per consumer (vjp, contribution, jacobianShape), output first, "
                + "in the request's layout", requiredMode = REQUIRED)
        List<GradientResponse.BackwardStep> backward,
        @Schema(description = "The first non-finite value and gradient, if any, and why", requiredMode = REQUIRED) List<Warning> warnings,
        @Schema(description = "The central-difference check of a fixed sample of elements, when the request asked for it (verify: true)")
        @JsonInclude(JsonInclude.Include.NON_NULL) VerificationView verification) {

    @Schema(name = "NetworkGradients", description = "The loss's gradients: every layer's weights and bias, and the input")
    public record Gradients(
            @Schema(description = "One per layer, in the request's order and layout", requiredMode = REQUIRED) List<LayerWeights> layers,
            @Schema(ref = NumberSchemas.MATRIX, description = "d J / d x, one row per example", requiredMode = REQUIRED,
                    example = "[[-0.036302, -0.041746, -0.047190]]") double[][] x) {
    }

    /**
     * @param expression the node as the language prints it ({@code W1' @ x}); absent for inputs
     * @param value      a number, a vector, or one row per example
     */
    @Schema(name = "NetworkNode", description = "A node of the network's trace (x, W1, u1, z1, ..., J) with its value and gradient")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(
            @Schema(description = "The node's id: x, y, W1, b1, u1, z1, ..., J", requiredMode = REQUIRED, example = "u1") String id,
            @Schema(description = "The operation (absent for inputs and parameters)", example = "matmul") String op,
            @Schema(description = "Ids of the operation's inputs, in order (operations only)", example = "[\"W1\", \"x\"]") List<String> inputs,
            @Schema(description = "The node as the language prints it (absent for inputs and parameters)", example = "W1' @ x") String expression,
            @Schema(ref = NumberSchemas.TENSOR, description = "A number, a vector, or one row per example", requiredMode = REQUIRED,
                    example = "[0.12, -0.4]") Object value,
            @Schema(ref = NumberSchemas.TENSOR, description = "d J / d node, in the node's shape; absent where nothing was differentiated",
                    example = "[-0.02, 0.01]") Object gradient) {
    }

    static NetworkResponse of(NetworkResult r) {
        List<LayerWeights> layers = r.layers().stream().map(l -> new LayerWeights(l.weights(), l.bias())).toList();
        List<Node> nodes = r.nodes().stream().map(n -> new Node(n.id(), n.op(), n.op() == null ? null : n.inputs(), n.op() == null ? null : n.expression(),
                TensorJson.of(n.value()), TensorJson.of(n.gradient()))).toList();
        return new NetworkResponse(r.loss(), r.predictions(), new Gradients(layers, r.inputGradient()), nodes,
                GradientResponse.backward(r.backward()), r.warnings(),
                VerificationView.of(r.verification()));
    }
}
