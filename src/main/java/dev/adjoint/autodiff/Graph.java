package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A computation as a flat array of nodes in evaluation order: every node's inputs come before it,
 * so the forward sweep is a loop up the array and the backward sweep a loop down it, with no
 * recursion and no topological sort. Immutable once built, so one graph can be evaluated at many
 * points.
 */
public final class Graph {

    /** What a node is: a variable bound at evaluation, a fixed number, or an op applied to earlier nodes. */
    public enum Kind { INPUT, CONSTANT, OPERATION }

    private final Kind[] kinds;
    private final Op[] ops;
    private final int[][] inputs;
    /** Per node, its distinct inputs when some input is used in several slots (as in {@code x * x}); else null. */
    private final int[][] distinctInputs;
    private final String[] ids;
    private final Tensor[] constants;
    /** Built on first {@link #indexOf}: most evaluations never look a node up by id. */
    private volatile Map<String, Integer> indexById;

    private Graph(Builder b, String[] ids) {
        int n = b.kinds.size();
        this.kinds = b.kinds.toArray(new Kind[0]);
        this.ops = b.ops.toArray(new Op[0]);
        this.inputs = b.inputs.toArray(new int[0][]);
        this.constants = b.constants.toArray(new Tensor[0]);
        this.ids = ids;
        this.distinctInputs = new int[n][];
        for (int i = 0; i < n; i++) {
            distinctInputs[i] = distinctIfRepeated(inputs[i]);
        }
    }

    /** The distinct inputs in order of first use, or null when no input repeats (the common case, kept allocation-free). */
    private static int[] distinctIfRepeated(int[] in) {
        if (in.length < 2 || in.length == 2 && in[0] != in[1]) {
            return null;
        }
        if (in.length <= 8) {
            for (int i = 1; i < in.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (in[i] == in[j]) {
                        return Arrays.stream(in).distinct().toArray();
                    }
                }
            }
            return null;
        }
        int[] distinct = Arrays.stream(in).distinct().toArray();
        return distinct.length < in.length ? distinct : null;
    }

    public static Builder builder(int maxNodes) {
        return new Builder(maxNodes);
    }

    public int size() {
        return kinds.length;
    }

    public Kind kind(int node) {
        return kinds[node];
    }

    /** The op of an operation node; null for inputs and constants. */
    public Op op(int node) {
        return ops[node];
    }

    public String id(int node) {
        return ids[node];
    }

    /** The node with this id, or -1. */
    public int indexOf(String id) {
        if (indexById == null) {
            Map<String, Integer> index = new HashMap<>(2 * ids.length);
            for (int i = 0; i < ids.length; i++) {
                index.put(ids[i], i);
            }
            indexById = index;
        }
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /** The input nodes (one per slot, repeats included) of an operation; empty for the others. */
    public List<String> inputIds(int node) {
        return inputs[node].length == 0 ? List.of() : Arrays.asList(inputIdArray(node));
    }

    int[] inputs(int node) {
        return inputs[node];
    }

    /** The distinct inputs of a node, in order of first use. */
    int[] distinctInputs(int node) {
        return distinctInputs[node] != null ? distinctInputs[node] : inputs[node];
    }

    boolean hasRepeatedInputs(int node) {
        return distinctInputs[node] != null;
    }

    Tensor constant(int node) {
        return constants[node];
    }

    /** The node printed with its input ids: {@code "a / b"}; a constant or input prints as its id. */
    public String expression(int node) {
        if (kinds[node] != Kind.OPERATION) {
            return ids[node];
        }
        return ops[node].infix(inputIdArray(node));
    }

    String[] inputIdArray(int node) {
        int[] in = inputs[node];
        String[] names = new String[in.length];
        for (int i = 0; i < in.length; i++) {
            names[i] = ids[in[i]];
        }
        return names;
    }

    /**
     * Builds a graph node by node. {@link #apply} shares identical subexpressions (same op, same
     * inputs) so {@code x*z} written three times is one node; {@link #applyFresh} makes a node of its
     * own (a program's named line must not merge with an anonymous one: its adjoint would change).
     */
    public static final class Builder {
        private final int maxNodes;
        private final List<Kind> kinds = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();
        private final List<int[]> inputs = new ArrayList<>();
        private final List<Tensor> constants = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();
        private final Map<Key, Integer> shared = new HashMap<>(64);
        private final Map<String, Integer> byId = new LinkedHashMap<>();

        private Builder(int maxNodes) {
            this.maxNodes = maxNodes;
        }

        public int size() {
            return kinds.size();
        }

        /** A variable, or the existing node of that id. */
        public int input(String id) {
            Integer existing = byId.get(id);
            if (existing != null) {
                return existing;
            }
            return add(Kind.INPUT, null, new int[0], null, id);
        }

        /** A constant, shared by id (so {@code 2} written twice is one node). */
        public int constant(String id, double value) {
            Integer existing = byId.get(id);
            if (existing != null) {
                return existing;
            }
            return add(Kind.CONSTANT, null, new int[0], Tensor.scalar(value), id);
        }

        /** {@code op} over {@code in}, reusing an identical anonymous node if there is one. */
        public int apply(Op op, int... in) {
            Key key = new Key(op, in);
            Integer existing = shared.get(key);
            if (existing != null) {
                return existing;
            }
            int node = applyFresh(op, in);
            shared.put(key, node);
            return node;
        }

        /** {@code op} over {@code in} as a new node, never shared. */
        public int applyFresh(Op op, int... in) {
            if (!op.acceptsArity(in.length)) {
                throw new IllegalArgumentException(op.symbol() + " does not take " + in.length + " inputs");
            }
            for (int i : in) {
                if (i < 0 || i >= kinds.size()) {
                    throw new IllegalArgumentException("input " + i + " does not exist yet");
                }
            }
            return add(Kind.OPERATION, op, in.clone(), null, null);
        }

        /**
         * A new unshared node computing what {@code node} computes: the same op over the same
         * inputs for an anonymous operation, else the identity of {@code node} (so {@code c = b}
         * gives c its own node that consumes b).
         */
        public int copy(int node) {
            if (kinds.get(node) == Kind.OPERATION && ids.get(node) == null) {
                return applyFresh(ops.get(node), inputs.get(node));
            }
            return applyFresh(Op.IDENTITY, node);
        }

        /** Gives an anonymous operation node a name; it stops being shared from then on. */
        public void name(int node, String id) {
            if (ids.get(node) != null) {
                throw new IllegalStateException("node " + node + " is already named " + ids.get(node));
            }
            if (byId.containsKey(id)) {
                throw new IllegalArgumentException("a node is already named " + id);
            }
            // Only this node's own entry: a named copy of a shared node must not unshare the original.
            shared.remove(new Key(ops.get(node), inputs.get(node)), node);
            ids.set(node, id);
            byId.put(id, node);
        }

        /** The node of that id, or -1. */
        public int find(String id) {
            Integer i = byId.get(id);
            return i == null ? -1 : i;
        }

        /** True if nothing named the node yet (it will get a generated id). */
        public boolean isAnonymous(int node) {
            return ids.get(node) == null;
        }

        /** Finishes the graph; anonymous nodes take ids from {@code freshIds} in evaluation order. */
        public Graph build(Supplier<String> freshIds) {
            String[] all = new String[ids.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = ids.get(i) != null ? ids.get(i) : freshIds.get();
            }
            return new Graph(this, all);
        }

        private int add(Kind kind, Op op, int[] in, Tensor constant, String id) {
            if (kinds.size() >= maxNodes) {
                throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                        "the graph would have more than " + maxNodes + " nodes");
            }
            kinds.add(kind);
            ops.add(op);
            inputs.add(in);
            constants.add(constant);
            ids.add(id);
            int node = kinds.size() - 1;
            if (id != null) {
                byId.put(id, node);
            }
            return node;
        }

        /** Identity of an anonymous operation node for sharing: op and input nodes. */
        private record Key(Op op, int[] in) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.op == op && Arrays.equals(k.in, in);
            }

            @Override
            public int hashCode() {
                // ordinal, not the identity hash: cheaper and the same every run; the multiply spreads the
                // small, clustered input indices over the table (31 * op + a plain sum collided by the hundred)
                return (Arrays.hashCode(in) * 31 + op.ordinal()) * 0x9E3779B9;
            }
        }
    }

    /** The ids of all nodes, in evaluation order. */
    public List<String> ids() {
        return Collections.unmodifiableList(Arrays.asList(ids));
    }
}
