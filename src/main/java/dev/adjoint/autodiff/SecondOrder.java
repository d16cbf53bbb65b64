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
 * mirrored). Tensor variables are flattened row-major: one column per element, whose lane moves
 * that element alone.
 */
public final class SecondOrder {

    /** Columns of a Hessian per sweep: enough to amortize the sweep, few enough that lanes stay small. */
    private static final int LANES = 16;

    private final Graph graph;
    private final int output;
    private final List<String> variables;
    private final Map<String, Tensor> inputValues;
    private final int maxNodes;
    private Deadline deadline = Deadline.NONE;

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

    /** Stops the sweeps with {@link DeadlineExceededException} once {@code deadline} passes. */
    public SecondOrder until(Deadline deadline) {
        this.deadline = deadline;
        return this;
    }

    /** H v, by variable, each of its shape, for a direction v given by variable (missing entries are 0). */
    public Map<String, Tensor> hessianTimes(Map<String, Tensor> v) {
        java.util.Set<String> moving = new java.util.HashSet<>(variables);
        DualNumbers duals = new DualNumbers(inputValues, (variable, lane) -> moving.contains(variable) ? v.get(variable) : null, 1, maxNodes, deadline);
        GradientGraph.Sweep sweep = GradientGraph.sweep(graph, output, variables, duals);
        Map<String, Tensor> hv = new LinkedHashMap<>();
        sweep.gradients().forEach((variable, node) -> {
            Tensor t = duals.tangent(node, 0);
            Tensor value = inputValues.get(variable);
            hv.put(variable, value != null && !java.util.Arrays.equals(t.shape(), value.shape()) ? Tensor.zerosLike(value) : t);
        });
        return hv;
    }

    /**
     * The Hessian over the variables' elements, flattened row-major in the order of wrt (a
     * variable of shape [m, n] gives m·n rows, A[0,0], A[0,1], ...).
     */
    public double[][] hessian() {
        int count = variables.size();
        int[] offset = new int[count + 1];
        for (int v = 0; v < count; v++) {
            offset[v + 1] = offset[v] + inputValues.get(variables.get(v)).size();
        }
        int n = offset[count];
        double[][] h = new double[n][n];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int v = 0; v < count; v++) {
            index.put(variables.get(v), v);
        }
        for (int first = 0; first < n; first += LANES) {
            deadline.check();
            int from = first;
            int lanes = Math.min(LANES, n - first);
            DualNumbers duals = new DualNumbers(inputValues, (variable, lane) -> {
                Integer v = index.get(variable);
                int column = from + lane;
                if (v == null || column < offset[v] || column >= offset[v + 1]) {
                    return null;
                }
                Tensor value = inputValues.get(variable);
                double[] data = new double[value.size()];
                data[column - offset[v]] = 1.0;
                return value.isScalar() ? Tensor.scalar(1.0) : Tensor.of(value.shape(), data);
            }, lanes, maxNodes, deadline);
            GradientGraph.Sweep sweep = GradientGraph.sweep(graph, output, variables, duals);
            int[] rows = sweep.gradients().values().stream().mapToInt(Integer::intValue).toArray();
            for (int lane = 0; lane < lanes; lane++) {
                int j = from + lane;
                for (int v = 0; v < count && offset[v] <= j; v++) {
                    double[] column = duals.tangent(rows[v], lane).toArray();
                    for (int e = 0; e < column.length && offset[v] + e <= j; e++) {
                        int i = offset[v] + e;
                        h[i][j] = column[e];
                        h[j][i] = column[e];
                    }
                }
            }
        }
        return h;
    }
}
