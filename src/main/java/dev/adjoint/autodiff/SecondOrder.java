package dev.adjoint.autodiff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Second derivatives of a scalar output, forward over reverse: the reverse sweep of
 * {@link GradientGraph} run on {@link DualNumbers}, so every node of the gradient is evaluated with
 * its tangent along v as the sweep builds it, and the gradient's tangents are H v. A Hessian-vector
 * product costs a few gradients and never forms the matrix, nor a graph. The Hessian is the same
 * sweep with one lane per column (a few columns at a time, so memory stays a few times the
 * gradient's); it is symmetric by construction (the upper triangle is computed, the lower one
 * mirrored).
 */
public final class SecondOrder {

    /** Columns of a Hessian per sweep: enough to amortize the sweep, few enough that lanes stay small. */
    private static final int LANES = 16;

    private final Graph graph;
    private final int output;
    private final List<String> variables;
    private final Map<String, Tensor> inputValues;
    private final int maxNodes;

    private SecondOrder(Graph graph, int output, List<String> variables, Map<String, Tensor> inputValues, int maxNodes) {
        this.graph = graph;
        this.output = output;
        this.variables = variables;
        this.inputValues = inputValues;
        this.maxNodes = maxNodes;
    }

    /**
     * Second derivatives of {@code output} with respect to {@code wrt} at {@code inputValues}; a
     * sweep may make at most {@code maxNodes} nodes (else {@link LimitExceededException}).
     */
    public static SecondOrder at(Graph graph, int output, List<String> wrt, Map<String, Tensor> inputValues, int maxNodes) {
        return new SecondOrder(graph, output, List.copyOf(wrt), inputValues, maxNodes);
    }

    /** H v, by variable, for a direction v given by variable (missing entries are 0). */
    public Map<String, Double> hessianTimes(Map<String, Double> v) {
        java.util.Set<String> moving = new java.util.HashSet<>(variables);
        DualNumbers duals = new DualNumbers(inputValues, (variable, lane) -> {
            Double t = moving.contains(variable) ? v.get(variable) : null;
            return t == null ? 0.0 : t;
        }, 1, maxNodes);
        GradientGraph.Sweep sweep = GradientGraph.sweep(graph, output, variables, duals);
        Map<String, Double> hv = new LinkedHashMap<>();
        sweep.gradients().forEach((variable, node) -> hv.put(variable, duals.tangent(node, 0)));
        return hv;
    }

    /** The Hessian, rows and columns in the order of wrt. */
    public double[][] hessian() {
        int n = variables.size();
        double[][] h = new double[n][n];
        Map<String, Integer> column = new LinkedHashMap<>();
        for (int j = 0; j < n; j++) {
            column.put(variables.get(j), j);
        }
        for (int first = 0; first < n; first += LANES) {
            int from = first;
            int lanes = Math.min(LANES, n - first);
            DualNumbers duals = new DualNumbers(inputValues, (variable, lane) -> {
                Integer j = column.get(variable);
                return j != null && j == from + lane ? 1.0 : 0.0;
            }, lanes, maxNodes);
            GradientGraph.Sweep sweep = GradientGraph.sweep(graph, output, variables, duals);
            int[] rows = sweep.gradients().values().stream().mapToInt(Integer::intValue).toArray();
            for (int lane = 0; lane < lanes; lane++) {
                int j = from + lane;
                for (int i = 0; i <= j; i++) {
                    h[i][j] = duals.tangent(rows[i], lane);
                    h[j][i] = h[i][j];
                }
            }
        }
        return h;
    }
}
