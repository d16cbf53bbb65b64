package dev.adjoint.network;

import dev.adjoint.autodiff.FiniteDifferences;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Warning;

import java.util.List;

/**
 * The answer for a network and its examples.
 *
 * @param loss          J, the mean loss over the examples
 * @param predictions   ŷ, one row per example
 * @param layers        per layer, the gradient of its weights (in the request's layout) and bias
 * @param inputGradient d J / d x, one row per example
 * @param nodes         the trace: every node's value and adjoint, batch rows first
 * @param backward      each differentiated node's adjoint as one term per consumer (API.md section 5), output first
 * @param verification  the finite-difference check, when asked for; else null
 */
public record NetworkResult(double loss, double[][] predictions, List<LayerGradient> layers, double[][] inputGradient,
                            List<Node> nodes, List<Trace.BackwardEntry> backward, List<Warning> warnings, FiniteDifferences.Verification verification) {

    /**
     * A node of the trace. For a single example, x, y and the per-layer nodes are vectors (no
     * leading example dimension); for several, they carry one row per example.
     *
     * @param op null for inputs (x, W1, b1, ..., y)
     */
    public record Node(String id, String op, List<String> inputs, Tensor value, Tensor gradient) {
    }

    /** @param bias null where the layer has none */
    public record LayerGradient(double[][] weights, double[] bias) {
    }
}
