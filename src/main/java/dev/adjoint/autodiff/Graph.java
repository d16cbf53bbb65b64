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
    /** Per node, its slots-to-inputs table when some input is used in several slots (as in {@code x * x}); else null. */
    private final InputSlots[] repeated;
    private final String[] ids;
    private final Tensor[] constants;
    /**
     * Per node, its shape when known at build time (expressions always; networks leave it to their
     * own validation), else null; the whole array is null when every node is a scalar.
     */
    private final int[][] shapes;
    /** Elements held by the vector and matrix nodes together (scalars not counted): what a request's heap grows with. */
    private final long elements;
    /** Per node, integer attributes of its op (an axis, an index), or null; the whole array is null when no node has any. */
    private final int[][] attrs;
    /** Built on first {@link #indexOf}: most evaluations never look a node up by id. */
    private volatile Map<String, Integer> indexById;

    private Graph(Builder b, String[] ids) {
        int n = b.kinds.size();
        this.kinds = b.kinds.toArray(new Kind[0]);
        this.ops = b.ops.toArray(new Op[0]);
        this.inputs = b.inputs.toArray(new int[0][]);
        this.constants = b.constants.toArray(new Tensor[0]);
        this.shapes = b.shapes == null ? null : b.shapes.toArray(new int[0][]);
        this.elements = b.elements;
        this.attrs = b.attrs == null ? null : b.attrs.toArray(new int[0][]);
        this.ids = ids;
        this.repeated = new InputSlots[n];
        for (int i = 0; i < n; i++) {
            repeated[i] = InputSlots.ofRepeated(inputs[i]);
        }
    }

    /** A builder with a node limit only (networks check their sizes themselves). */
    public static Builder builder(int maxNodes) {
        return new Builder(maxNodes, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * A builder that also limits the elements of any one node and of all nodes together, checked
     * from the shapes as each node is added, before anything is allocated.
     */
    public static Builder builder(int maxNodes, long maxNodeElements, long maxGraphElements) {
        return new Builder(maxNodes, maxNodeElements, maxGraphElements);
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
        return repeated[node] != null ? repeated[node].distinct : inputs[node];
    }

    boolean hasRepeatedInputs(int node) {
        return repeated[node] != null;
    }

    /** Which distinct input each slot reads and which slots each fills, for a node with repeated inputs; else null (slot i is distinct input i). */
    InputSlots repeatedInputs(int node) {
        return repeated[node];
    }

    Tensor constant(int node) {
        return constants[node];
    }

    /** The node's shape ({@code []}, {@code [n]}, {@code [m, n]}), or null where the builder was not given shapes. */
    /** Elements of all vector and matrix nodes together; 0 for a graph of scalars. */
    public long elements() {
        return elements;
    }

    public int[] shape(int node) {
        int[] s = shapeOf(node);
        return s == null ? null : s.clone();
    }

    int[] shapeOf(int node) {
        return shapes == null ? Shapes.SCALAR : shapes[node];
    }

    /** The node's integer attributes (an axis, an index), or null. */
    int[] attrs(int node) {
        return attrs == null ? null : attrs[node];
    }

    /** The node printed with its input ids: {@code "a / b"}; a constant or input prints as its id. */
    public String expression(int node) {
        if (kinds[node] != Kind.OPERATION) {
            return ids[node];
        }
        return ops[node].infix(inputIdArray(node), attrs(node));
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
        private final long maxNodeElements;
        private final long maxGraphElements;
        private long elements;
        /** Per node, its shape; null while every node so far is a scalar (a scalar expression never makes the list). */
        private List<int[]> shapes;
        /** Per node, its attributes; null while no node has any. */
        private List<int[]> attrs;
        private final List<Kind> kinds = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();
        private final List<int[]> inputs = new ArrayList<>();
        private final List<Tensor> constants = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();
        private final Map<Key, Integer> shared = new HashMap<>(64);
        private final Map<String, Integer> byId = new LinkedHashMap<>();

        private Builder(int maxNodes, long maxNodeElements, long maxGraphElements) {
            this.maxNodes = maxNodes;
            this.maxNodeElements = maxNodeElements;
            this.maxGraphElements = maxGraphElements;
        }

        /** The shape of a node built so far, or null if unknown. */
        public int[] shape(int node) {
            int[] s = shapeAt(node);
            return s == null ? null : s.clone();
        }

        private int[] shapeAt(int node) {
            return shapes == null ? Shapes.SCALAR : shapes.get(node);
        }

        private int[] attrsAt(int node) {
            return attrs == null ? null : attrs.get(node);
        }

        public int size() {
            return kinds.size();
        }

        /** A variable whose shape is not known until it is evaluated (networks), or the existing node of that id. */
        public int input(String id) {
            return input(id, null);
        }

        /** A variable of this shape, or the existing node of that id. */
        public int input(String id, int[] shape) {
            Integer existing = byId.get(id);
            if (existing != null) {
                return existing;
            }
            return add(Kind.INPUT, null, new int[0], null, id, shape == null ? null : shape.length == 0 ? Shapes.SCALAR : shape.clone(), null);
        }

        /** A constant, shared by id (so {@code 2} written twice is one node). */
        public int constant(String id, double value) {
            Integer existing = byId.get(id);
            if (existing != null) {
                return existing;
            }
            return add(Kind.CONSTANT, null, new int[0], Tensor.scalar(value), id, Shapes.SCALAR, null);
        }

        /** {@code op} over {@code in}, reusing an identical anonymous node if there is one. */
        public int apply(Op op, int... in) {
            return apply(op, null, in);
        }

        /**
         * {@code op} with integer attributes (an axis, an index; null for none) over {@code in},
         * reusing an identical anonymous node if there is one.
         *
         * @throws ShapeException when the inputs' shapes do not fit the op; nothing is added then
         */
        public int apply(Op op, int[] attributes, int... in) {
            Key key = new Key(op, in, attributes);
            Integer existing = shared.get(key);
            if (existing != null) {
                return existing;
            }
            int node = applyFresh(op, attributes, in);
            shared.put(key, node);
            return node;
        }

        /** {@code op} over {@code in} as a new node, never shared. */
        public int applyFresh(Op op, int... in) {
            return applyFresh(op, null, in);
        }

        /** {@code op} with attributes over {@code in} as a new node, never shared. */
        public int applyFresh(Op op, int[] attributes, int... in) {
            if (!op.acceptsArity(in.length)) {
                throw new IllegalArgumentException(op.symbol() + " does not take " + in.length + " inputs");
            }
            boolean known = true;
            boolean scalars = true;
            for (int i : in) {
                if (i < 0 || i >= kinds.size()) {
                    throw new IllegalArgumentException("input " + i + " does not exist yet");
                }
                int[] s = shapeAt(i);
                known &= s != null;
                scalars &= s != null && s.length == 0;
            }
            int[] shape = null;
            if (scalars && op.isElementwise()) { // the common case of expressions: no shape rule to ask
                shape = Shapes.SCALAR;
            } else if (known) {
                int[][] inShapes = new int[in.length][];
                for (int k = 0; k < in.length; k++) {
                    inShapes[k] = shapeAt(in[k]);
                }
                shape = op.shape(inShapes, attributes);
            }
            return add(Kind.OPERATION, op, in.clone(), null, null, shape, attributes == null ? null : attributes.clone());
        }

        /**
         * A new unshared node computing what {@code node} computes: the same op over the same
         * inputs for an anonymous operation, else the identity of {@code node} (so {@code c = b}
         * gives c its own node that consumes b).
         */
        public int copy(int node) {
            if (kinds.get(node) == Kind.OPERATION && ids.get(node) == null) {
                return applyFresh(ops.get(node), attrsAt(node), inputs.get(node));
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
            shared.remove(new Key(ops.get(node), inputs.get(node), attrsAt(node)), node);
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

        private int add(Kind kind, Op op, int[] in, Tensor constant, String id, int[] shape, int[] attributes) {
            if (kinds.size() >= maxNodes) {
                throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                        "the graph would have more than " + maxNodes + " nodes");
            }
            if (shape != null && shape.length > 0) {
                long size = 1;
                for (int d : shape) {
                    size *= d;
                }
                String what = id != null ? id : "a node";
                if (size > maxNodeElements) {
                    throw new LimitExceededException("nodeElements", maxNodeElements, size, what + " would have shape "
                            + Shapes.format(shape) + ", " + size + " elements; the limit per node is " + maxNodeElements);
                }
                if (elements + size > maxGraphElements) {
                    throw new LimitExceededException("graphElements", maxGraphElements, elements + size, "the graph's nodes would hold "
                            + (elements + size) + " elements in all; the limit is " + maxGraphElements);
                }
                elements += size;
            }
            if (shapes == null && (shape == null || shape.length > 0)) {
                shapes = new ArrayList<>(Math.max(16, 2 * kinds.size()));
                for (int i = 0; i < kinds.size(); i++) {
                    shapes.add(Shapes.SCALAR);
                }
            }
            if (shapes != null) {
                shapes.add(shape);
            }
            if (attrs == null && attributes != null) {
                attrs = new ArrayList<>(Math.max(16, 2 * kinds.size()));
                for (int i = 0; i < kinds.size(); i++) {
                    attrs.add(null);
                }
            }
            if (attrs != null) {
                attrs.add(attributes);
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

        /** Identity of an anonymous operation node for sharing: op, input nodes and attributes. */
        private record Key(Op op, int[] in, int[] attrs) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.op == op && Arrays.equals(k.in, in) && Arrays.equals(k.attrs, attrs);
            }

            @Override
            public int hashCode() {
                // ordinal, not the identity hash: cheaper and the same every run; the multiply spreads the
                // small, clustered input indices over the table (31 * op + a plain sum collided by the hundred)
                return ((Arrays.hashCode(in) * 31 + op.ordinal()) * 31 + (attrs == null ? 0 : Arrays.hashCode(attrs))) * 0x9E3779B9;
            }
        }
    }

    /** The ids of all nodes, in evaluation order. */
    public List<String> ids() {
        return Collections.unmodifiableList(Arrays.asList(ids));
    }
}
