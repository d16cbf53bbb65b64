package dev.adjoint.web.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.network.NetworkResult;
import dev.adjoint.web.expressions.GradientResponse;
import dev.adjoint.web.expressions.TensorJson;
import dev.adjoint.web.expressions.VerificationView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Loss, predictions, every gradient (weights in the request's layout), and the trace of tensors. */
@Schema(description = "Loss, predictions, gradients of every weight, bias and input, and the forward/backward trace")
public record NetworkResponse(double loss, double[][] predictions, Gradients gradients, List<Node> nodes,
                              @Schema(description = "Each differentiated node's adjoint as one term per consumer (vjp, contribution, jacobianShape), output first, in the request's layout")
                              List<GradientResponse.BackwardStep> backward, List<Warning> warnings,
                              @JsonInclude(JsonInclude.Include.NON_NULL) VerificationView verification) {

    /** @param x d J / d x, one row per example */
    public record Gradients(List<LayerGradient> layers, double[][] x) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerGradient(double[][] weights, double[] bias) {
    }

    /**
     * @param expression the node as the language prints it ({@code W1' @ x}); absent for inputs
     * @param value      a number, a vector, or one row per example
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String op, List<String> inputs, String expression, Object value, Object gradient) {
    }

    static NetworkResponse of(NetworkResult r) {
        List<LayerGradient> layers = r.layers().stream().map(l -> new LayerGradient(l.weights(), l.bias())).toList();
        List<Node> nodes = r.nodes().stream().map(n -> new Node(n.id(), n.op(), n.op() == null ? null : n.inputs(), n.op() == null ? null : n.expression(),
                TensorJson.of(n.value()), TensorJson.of(n.gradient()))).toList();
        return new NetworkResponse(r.loss(), r.predictions(), new Gradients(layers, r.inputGradient()), nodes,
                GradientResponse.backward(r.backward()), r.warnings(),
                VerificationView.of(r.verification()));
    }
}
