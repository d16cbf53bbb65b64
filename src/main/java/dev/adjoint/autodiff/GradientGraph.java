package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode as a graph transformation: the original nodes followed by adjoint nodes, so the
 * gradient of a graph is itself a graph, built from each op's {@link Op#partialNode} (the same
 * table as the numeric sweep, no second set of rules). It can be evaluated at any point, swept
 * forward for Hessian-vector products, differentiated again, and printed as a formula.
 *
 * <p>The sweep is the one {@link Evaluation} does, on nodes instead of numbers: a loop down the
 * array from the output; each node's adjoint is the sum of its consumers' contributions
 * {@code g_consumer * ∂consumer/∂node}, and partials towards nodes no variable flows into (the
 * exponent of {@code x^2}) are never built. Built through a {@link Simplifier}, so the result reads
 * as a person writes it and identical subexpressions are one node.
 *
 * <p>Node ids: an original node keeps its id ({@code a}, {@code t3}); an adjoint sum is
 * {@code g_<id>} as the lecture note writes it; other new nodes get fresh {@code t<n>} ids.
 *
 * <p>Tensors: the sweep is op-generic: each contribution is the op's {@link Op#vjpNode}, which for
 * an elementwise op is {@code partial * g}. A tensor entry will override it with its own node-built
 * VJP beside its numeric one (matmul: {@code g @ W'} and {@code Z' @ g}), and an elementwise op on
 * broadcast inputs will reduce its contribution back to the input's shape through a summing node.
 */
public final class GradientGraph {

    private final Graph graph;
    private final int value;
    private final Map<String, Integer> gradients;

    private GradientGraph(Graph graph, int value, Map<String, Integer> gradients) {
        this.graph = graph;
        this.value = value;
        this.gradients = gradients;
    }

    /**
     * The gradient graph of node {@code output} of {@code graph} with respect to the variables
     * {@code wrt} (input ids), with at most {@code maxNodes} nodes (else {@link LimitExceededException}).
     */
    public static GradientGraph of(Graph graph, int output, List<String> wrt, int maxNodes) {
        int n = graph.size();
        Simplifier s = new Simplifier(Graph.builder(maxNodes));
        int[] image = new int[n];
        boolean[] differentiated = new boolean[n];
        Set<String> wrtSet = new HashSet<>(wrt);
        for (int node = 0; node < n; node++) {
            switch (graph.kind(node)) {
                case INPUT -> {
                    image[node] = s.input(graph.id(node));
                    differentiated[node] = wrtSet.contains(graph.id(node));
                }
                case CONSTANT -> image[node] = s.constant(graph.id(node), graph.constant(node).item());
                case OPERATION -> {
                    if (node > output) {
                        image[node] = -1; // past the output: nothing it computes is needed
                        continue;
                    }
                    int[] in = graph.inputs(node);
                    int[] mapped = new int[in.length];
                    boolean any = false;
                    for (int i = 0; i < in.length; i++) {
                        mapped[i] = image[in[i]];
                        any |= differentiated[in[i]];
                    }
                    differentiated[node] = any;
                    image[node] = s.apply(graph.op(node), mapped);
                }
            }
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, Integer> owners = new LinkedHashMap<>(); // an original op's id, and the node that may carry it
        for (int node = 0; node <= output; node++) {
            if (graph.kind(node) == Graph.Kind.OPERATION && image[node] >= 0 && !names.containsKey(image[node])) {
                names.put(image[node], graph.id(node));
                owners.put(graph.id(node), image[node]);
            }
        }

        List<List<Integer>> contributions = new ArrayList<>(n);
        for (int node = 0; node < n; node++) {
            contributions.add(null);
        }
        if (differentiated[output]) {
            contributions.set(output, new ArrayList<>(List.of(s.constant(1.0))));
        }
        for (int node = output; node >= 0; node--) {
            List<Integer> terms = contributions.get(node);
            if (terms == null || graph.kind(node) != Graph.Kind.OPERATION) {
                continue;
            }
            int g = s.sum(terms);
            names.putIfAbsent(g, "g_" + graph.id(node));
            int[] in = graph.inputs(node);
            int[] mapped = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                mapped[i] = image[in[i]];
            }
            Op op = graph.op(node);
            for (int slot = 0; slot < in.length; slot++) {
                if (!differentiated[in[slot]]) {
                    continue;
                }
                int contribution = op.vjpNode(slot, mapped, image[node], g, s);
                if (contributions.get(in[slot]) == null) {
                    contributions.set(in[slot], new ArrayList<>(2));
                }
                contributions.get(in[slot]).add(contribution);
            }
        }
        Map<String, Integer> gradientNodes = new LinkedHashMap<>();
        for (String variable : wrt) {
            int node = graph.indexOf(variable);
            List<Integer> terms = node < 0 ? null : contributions.get(node);
            int g = terms == null ? s.constant(0.0) : s.sum(terms);
            names.putIfAbsent(g, "g_" + variable);
            gradientNodes.put(variable, g);
        }
        Graph built = s.builder().build(idsFor(s.builder(), names, owners, graph));
        return new GradientGraph(built, image[output], gradientNodes);
    }

    /**
     * Ids for the builder's anonymous nodes, in evaluation order: the chosen name if it is free
     * (an original op's id for its own image; a {@code g_} name no original node has), else a
     * fresh {@code t<n>} that no original node has.
     */
    private static java.util.function.Supplier<String> idsFor(Graph.Builder builder, Map<Integer, String> names, Map<String, Integer> owners, Graph original) {
        Set<String> originalIds = new HashSet<>(original.ids());
        List<String> ids = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int next = 1;
        for (int node = 0; node < builder.size(); node++) {
            if (!builder.isAnonymous(node)) {
                continue;
            }
            String wanted = names.get(node);
            boolean free = wanted != null && !used.contains(wanted) && (owners.containsKey(wanted) ? owners.get(wanted) == node : !originalIds.contains(wanted));
            String id = wanted;
            if (!free) {
                do {
                    id = "t" + next++;
                } while (originalIds.contains(id) || used.contains(id));
            }
            used.add(id);
            ids.add(id);
        }
        java.util.Iterator<String> it = ids.iterator();
        return it::next;
    }

    /** The graph: the original computation (simplified), then the adjoint nodes. */
    public Graph graph() {
        return graph;
    }

    /** The node computing the original output. */
    public int value() {
        return value;
    }

    /** For each variable of {@code wrt}, in order, the node computing d output / d variable. */
    public Map<String, Integer> gradients() {
        return gradients;
    }
}
