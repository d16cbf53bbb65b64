package dev.adjoint.autodiff;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode as a graph transformation: the original nodes followed by adjoint nodes, so the
 * gradient of a graph is itself a graph, built from each op's {@link Op#partialNode} (the same
 * table as the numeric sweep, no second set of rules). It can be evaluated at any point,
 * differentiated again, and printed as a formula. The sweep that builds it ({@link #sweep}) runs
 * on any {@link Builder}: on {@link DualNumbers} it computes Hessian-vector products without
 * building anything ({@link SecondOrder}).
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
 * an elementwise op is {@code partial * g}. A tensor entry overrides it with its own node-built VJP
 * beside its numeric one (matmul: {@code g @ B'} and {@code A' @ g}), and an elementwise op on
 * broadcast inputs reduces its contribution back to the input's shape through a
 * {@link Op#REDUCE_TO} node. Tensor rules need the nodes' shapes: the variables come with theirs,
 * {@link DualNumbers} knows every node's from its value, and the {@link Simplifier} from the
 * builder's shape rules, which it uses to keep every rewrite shape-preserving and to write the
 * sweep's own nodes (spread, reduce_to, place) in the language, so tensor formulas print too.
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
        return of(graph, output, wrt, maxNodes, Deadline.NONE);
    }

    /** As above, stopping with {@link DeadlineExceededException} once {@code deadline} passes (checked every few thousand nodes built). */
    public static GradientGraph of(Graph graph, int output, List<String> wrt, int maxNodes, Deadline deadline) {
        return of(graph, output, wrt, maxNodes, deadline, Set.of());
    }

    /**
     * As above; the new nodes' ids also avoid {@code taken}: names that mean something to whoever
     * reads or sends back the result besides {@code graph}'s own ids (a request's bindings, the
     * names of the user's program when {@code graph} is itself a gradient graph, in which names
     * simplified away are free), so a formula's {@code t<n>} never reads as one of them.
     */
    public static GradientGraph of(Graph graph, int output, List<String> wrt, int maxNodes, Deadline deadline, Set<String> taken) {
        Simplifier s = new Simplifier(Graph.builder(maxNodes), deadline);
        Sweep sweep = sweep(graph, output, wrt, s);
        // What each new node would like to be called, as an original node's index: k >= 0 for the image
        // of original operation k (its own id), -(k + 2) for the adjoint of original node k ("g_" + its id).
        // First wish first: images in evaluation order, then adjoints from the output down, then variables.
        int[] nameOf = new int[Math.max(16, 3 * graph.size())];
        java.util.Arrays.fill(nameOf, NO_NAME);
        for (int node = 0; node <= output; node++) {
            if (graph.kind(node) == Graph.Kind.OPERATION && sweep.image()[node] >= 0) {
                nameOf = want(nameOf, sweep.image()[node], node);
            }
        }
        for (int node = output; node >= 0; node--) {
            if (sweep.adjoint()[node] >= 0) {
                nameOf = want(nameOf, sweep.adjoint()[node], -(node + 2));
            }
        }
        Graph built = s.builder().build(idsFor(s.builder(), nameOf, graph, taken));
        return new GradientGraph(built, sweep.image()[output], sweep.gradients());
    }

    /** What the reverse sweep needs besides {@link Nodes}: variables, named constants, and sums. */
    interface Builder extends Nodes {
        /** A variable of this shape ({@code []} for a number); builders that take shapes from values ignore it. */
        int input(String id, int[] shape);

        int constant(String id, double value);

        /** A named constant that may be a tensor; builders of formulas take numbers only (the language's constants are numbers). */
        default int constant(String id, Tensor value) {
            if (!value.isScalar()) {
                throw new UnsupportedOperationException("formulas take number constants; constant " + id + " is a tensor");
            }
            return constant(id, value.item());
        }

        /** Σ terms[0..count), count >= 1. */
        int sum(int[] terms, int count);
    }

    /**
     * @param image     per original node, the node computing it (-1 past the output)
     * @param adjoint   per original node, the node of its adjoint d output / d node (-1 where none)
     * @param gradients per variable of wrt, in order, the node of d output / d variable
     */
    record Sweep(int[] image, int[] adjoint, Map<String, Integer> gradients) {
    }

    /**
     * The reverse sweep on nodes, through any {@link Builder}: the {@link Simplifier} builds the
     * gradient graph from it; {@link DualNumbers} evaluates the same nodes as they are asked for, with
     * tangents, which is forward over reverse without a graph.
     */
    static Sweep sweep(Graph graph, int output, List<String> wrt, Builder b) {
        int n = graph.size();
        int[] image = new int[n];
        boolean[] differentiated = new boolean[n];
        Set<String> wrtSet = new HashSet<>(wrt);
        for (int node = 0; node < n; node++) {
            switch (graph.kind(node)) {
                case INPUT -> {
                    image[node] = b.input(graph.id(node), graph.shapeOf(node));
                    differentiated[node] = wrtSet.contains(graph.id(node));
                }
                case CONSTANT -> image[node] = b.constant(graph.id(node), graph.constant(node));
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
                    image[node] = b.apply(graph.op(node), graph.attrs(node), mapped);
                }
            }
        }
        int[] adjoint = new int[n];
        java.util.Arrays.fill(adjoint, -1);
        int[][] contributions = new int[n][];
        int[] counts = new int[n];
        if (differentiated[output]) {
            int[] shape = b.shape(image[output]);
            int one = b.constant(1.0);
            // a one-element tensor output ([1], [1, 1]) is seeded with ones of its shape
            add(contributions, counts, output, shape == null || shape.length == 0 ? one : b.apply(Op.SPREAD, null, one, image[output]));
        }
        for (int node = output; node >= 0; node--) {
            if (counts[node] == 0 || graph.kind(node) != Graph.Kind.OPERATION) {
                continue;
            }
            int g = b.sum(contributions[node], counts[node]);
            adjoint[node] = g;
            int[] in = graph.inputs(node);
            int[] mapped = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                mapped[i] = image[in[i]];
            }
            Op op = graph.op(node);
            for (int slot = 0; slot < in.length; slot++) {
                if (differentiated[in[slot]]) {
                    add(contributions, counts, in[slot], op.vjpNode(slot, mapped, image[node], g, b, graph.attrs(node)));
                }
            }
        }
        Map<String, Integer> gradients = new LinkedHashMap<>();
        for (String variable : wrt) {
            int node = graph.indexOf(variable);
            int g = node < 0 || counts[node] == 0 ? zeroLike(node < 0 ? -1 : image[node], b) : b.sum(contributions[node], counts[node]);
            if (node >= 0) {
                adjoint[node] = g;
            }
            gradients.put(variable, g);
        }
        return new Sweep(image, adjoint, gradients);
    }

    /** 0, of the shape of {@code node} where the builder knows shapes and it is a tensor (a variable that does not reach the output). */
    private static int zeroLike(int node, Builder b) {
        int zero = b.constant(0.0);
        int[] shape = node < 0 ? null : b.shape(node);
        return shape == null || shape.length == 0 ? zero : b.apply(Op.SPREAD, null, zero, node);
    }

    private static final int NO_NAME = Integer.MIN_VALUE;

    /** Records the first name a node is wanted by, growing the table as the builder grows. */
    private static int[] want(int[] nameOf, int node, int name) {
        if (node >= nameOf.length) {
            int old = nameOf.length;
            nameOf = java.util.Arrays.copyOf(nameOf, Math.max(2 * old, node + 1));
            java.util.Arrays.fill(nameOf, old, nameOf.length, NO_NAME);
        }
        if (nameOf[node] == NO_NAME) {
            nameOf[node] = name;
        }
        return nameOf;
    }

    private static void add(int[][] lists, int[] counts, int node, int value) {
        if (lists[node] == null) {
            lists[node] = new int[2];
        } else if (counts[node] == lists[node].length) {
            lists[node] = java.util.Arrays.copyOf(lists[node], 2 * counts[node]);
        }
        lists[node][counts[node]++] = value;
    }

    /**
     * Ids for the builder's anonymous nodes, in evaluation order: an original operation's image
     * keeps its id (ids are unique, and each original has one image); an adjoint takes
     * {@code g_<id>} unless an original node has that id or it is taken; any other node a fresh
     * {@code t<n>} that neither an original node has nor is taken. {@code g_} and {@code t} names
     * cannot meet, so no set of used names is needed.
     */
    private static java.util.function.Supplier<String> idsFor(Graph.Builder builder, int[] nameOf, Graph original, Set<String> taken) {
        String[] ids = new String[builder.size()];
        int count = 0;
        int next = 1;
        for (int node = 0; node < builder.size(); node++) {
            if (!builder.isAnonymous(node)) {
                continue;
            }
            int name = node < nameOf.length ? nameOf[node] : NO_NAME;
            String id = null;
            if (name >= 0) {
                id = original.id(name);
            } else if (name != NO_NAME) {
                String adjoint = "g_" + original.id(-name - 2);
                id = original.indexOf(adjoint) < 0 && !taken.contains(adjoint) ? adjoint : null;
            }
            while (id == null) {
                String fresh = "t" + next++;
                id = original.indexOf(fresh) < 0 && !taken.contains(fresh) ? fresh : null;
            }
            ids[count++] = id;
        }
        int[] position = {0};
        return () -> ids[position[0]++];
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
