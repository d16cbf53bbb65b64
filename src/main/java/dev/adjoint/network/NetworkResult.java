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
     * @param op         null for inputs (x, W1, b1, ..., y)
     * @param expression the node as the language prints it ({@code W1' @ x}, {@code m1 + b1}); the id for inputs
     */
    public record Node(String id, String op, List<String> inputs, String expression, Tensor value, Tensor gradient) {
    }

    /**
     * How a node's gradient is made, from the same backward list the answer carries (API.md section
     * 5): {@code g_z2 = W3' @ g_u3}, or for a scalar the note's sum of terms with numbers. Null for
     * a node with no backward entry (the targets y).
     */
    public String derivation(String id) {
        return Trace.derivation(backward, id, consumer -> {
            for (Node n : nodes) {
                if (n.id().equals(consumer)) {
                    return n.gradient();
                }
            }
            return null;
        });
    }

    /** @param bias null where the layer has none */
    public record LayerGradient(double[][] weights, double[] bias) {
    }
}
