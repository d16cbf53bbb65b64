package dev.adjoint.autodiff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Second derivatives of a scalar output, forward over reverse: the {@link GradientGraph} (whose
 * nodes include d output / d x_i for every variable) linearized at the point, then one tangent
 * sweep along v gives every (H v)_i at once: a Hessian-vector product costs a small constant times
 * one gradient and never forms the matrix. The Hessian is n such products along the unit vectors;
 * it is symmetric by construction (the upper triangle is computed, the lower one mirrored).
 */
public final class SecondOrder {

    private final GradientGraph gradientGraph;
    private final ForwardMode linearized;
    private final List<String> variables;

    private SecondOrder(GradientGraph gradientGraph, ForwardMode linearized, List<String> variables) {
        this.gradientGraph = gradientGraph;
        this.linearized = linearized;
        this.variables = variables;
    }

    /** Prepares second derivatives of {@code output} with respect to {@code wrt} at {@code inputValues}. */
    public static SecondOrder at(Graph graph, int output, List<String> wrt, Map<String, Tensor> inputValues, int maxNodes) {
        GradientGraph gg = GradientGraph.of(graph, output, wrt, maxNodes);
        ForwardMode linearized = ForwardMode.at(gg.graph(), inputValues, Set.copyOf(wrt));
        return new SecondOrder(gg, linearized, List.copyOf(wrt));
    }

    /** H v, by variable, for a direction v given by variable (missing entries are 0). */
    public Map<String, Double> hessianTimes(Map<String, Double> v) {
        double[] t = linearized.tangents(v);
        Map<String, Double> hv = new LinkedHashMap<>();
        gradientGraph.gradients().forEach((variable, node) -> hv.put(variable, t[node]));
        return hv;
    }

    /** The Hessian, rows and columns in the order of wrt. */
    public double[][] hessian() {
        int n = variables.size();
        double[][] h = new double[n][n];
        int[] nodes = gradientGraph.gradients().values().stream().mapToInt(Integer::intValue).toArray();
        for (int j = 0; j < n; j++) {
            double[] t = linearized.tangents(Map.of(variables.get(j), 1.0));
            for (int i = 0; i <= j; i++) {
                h[i][j] = t[nodes[i]];
                h[j][i] = h[i][j];
            }
        }
        return h;
    }

    /** The gradient graph the products are read from (its gradient nodes, one per variable of wrt). */
    public GradientGraph gradientGraph() {
        return gradientGraph;
    }
}
