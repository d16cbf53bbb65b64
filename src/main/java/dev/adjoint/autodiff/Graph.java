package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
    /**
     * Per node, its slots-to-inputs table when some input is used in several slots (as in {@code x * x});
     * else null. The whole array is null when no node repeats an input (most graphs).
     */
    private final InputSlots[] repeated;
    /** Per node, its id; anonymous nodes' generated ids are filled in on first use (see {@link #named()}). */
    private final String[] ids;
    /** Gives the anonymous nodes their ids; null once they have them. */
    private Supplier<String> freshIds;
    private volatile boolean allNamed;
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
    /** Made on first {@link #traceTemplate}: a graph that is never traced prints nothing. */
    private volatile TraceTemplate traceTemplate;

    private Graph(Builder b, String[] ids, Supplier<String> freshIds) {
        int n = b.size;
        this.kinds = copyInto(b.kinds, new Kind[n]);
        this.ops = copyInto(b.ops, new Op[n]);
        this.inputs = copyInto(b.inputs, new int[n][]);
        this.constants = copyInto(b.constants, new Tensor[n]);
        this.shapes = b.shapes == null ? null : copyInto(b.shapes, new int[n][]);
        this.elements = b.elements;
        this.attrs = b.attrs == null ? null : copyInto(b.attrs, new int[n][]);
        this.ids = ids;
        this.freshIds = freshIds;
        InputSlots[] slots = null;
        for (int i = 0; i < n; i++) {
            InputSlots r = InputSlots.ofRepeated(inputs[i]);
            if (r != null) {
                if (slots == null) {
                    slots = new InputSlots[n];
                }
                slots[i] = r;
            }
        }
        this.repeated = slots;
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
        String id = ids[node];
        return id != null ? id : named()[node];
    }

    /**
     * The ids of all nodes, the anonymous ones generated now if not yet: most evaluations only ever
     * ask for the inputs' ids, and a 10^5-node program would make tens of thousands of "t..." strings.
     */
    /**
     * What this graph's traces print that depends on the graph alone, shared by every trace of it
     * (the compiled-text cache shares the graph, so a text sent again prints its strings once).
     * Made on first use; a race makes two empty templates and keeps one, never a wrong one.
     */
    public TraceTemplate traceTemplate() {
        TraceTemplate t = traceTemplate;
        if (t == null) {
            t = TraceTemplate.of(this);
            traceTemplate = t;
        }
        return t;
    }

    private String[] named() {
        if (!allNamed) {
            synchronized (this) {
                if (!allNamed) {
                    for (int i = 0; i < ids.length; i++) {
                        if (ids[i] == null) {
                            ids[i] = freshIds.get();
                        }
                    }
                    freshIds = null;
                    allNamed = true;
                }
            }
        }
        return ids;
    }

    /** The node with this id, or -1. */
    public int indexOf(String id) {
        if (indexById == null) {
            String[] all = named();
            Map<String, Integer> index = new HashMap<>(2 * all.length);
            for (int i = 0; i < all.length; i++) {
                index.put(all[i], i);
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
        return repeated != null && repeated[node] != null ? repeated[node].distinct : inputs[node];
    }

    boolean hasRepeatedInputs(int node) {
        return repeated != null && repeated[node] != null;
    }

    /** Which distinct input each slot reads and which slots each fills, for a node with repeated inputs; else null (slot i is distinct input i). */
    InputSlots repeatedInputs(int node) {
        return repeated == null ? null : repeated[node];
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

    /** The node's integer attributes (an axis of {@code sum}, an index), or null; a copy. */
    public int[] attributes(int node) {
        int[] a = attrs(node);
        return a == null ? null : a.clone();
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
            names[i] = id(in[i]);
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
        // The nodes as parallel arrays, grown by doubling: a node costs a few slots, not objects in lists
        // (a 10^5-node program spent more time in the collector copying those than in building).
        private int size;
        private Kind[] kinds = new Kind[16];
        private Op[] ops = new Op[16];
        private int[][] inputs = new int[16][];
        private Tensor[] constants = new Tensor[16];
        private String[] ids = new String[16];
        /** Per node, its shape; null while every node so far is a scalar (a scalar expression never makes the array). */
        private int[][] shapes;
        /** Per node, its attributes; null while no node has any. */
        private int[][] attrs;
        /**
         * The sharing table, one per block of {@link #BLOCK} nodes: a node is entered in the table of
         * the block of its last input (the highest index). Each is open addressing over
         * {@link #entry}s (0 is an empty slot), keyed by op, inputs and attributes read from the node
         * itself, so a lookup allocates nothing (no key object, no boxed index). Only nodes made by
         * {@link #apply} enter it; a named node stays in it but no longer matches.
         *
         * <p>Blocks, because a node is most often built over nodes just built: its probe then lands
         * in a table of a few thousand recent entries that stays in the cache, where one table of
         * every node (tens of MB at 10^6 nodes) cost a cache miss a probe. A node over old inputs
         * only (every {@code v[i]} of one {@code v}) lands in that old block's table, which grows
         * like the one table did: no probe is longer than before.
         */
        private long[] shared0 = new long[16];
        private int shared0Count;
        /** The tables of blocks 1 and up (index 0 unused), made once a node's last input is past the first block. */
        private long[][] shared;
        private int[] sharedCounts;
        /** Named nodes by id, one table, compared by the id held in {@link #ids}. */
        private long[] byId = new long[16];
        private int namedCount;
        /**
         * Whether {@link #byId} is placed by {@link #seededIdHash} instead of the ids' own (cached)
         * {@link String#hashCode}: set, and the table rebuilt, once a new id meets more than
         * {@link #SAME_HASH_LIMIT} entries of its hash, which ids chosen to collide do ("Aa" and "BB" have
         * one String hash) and others practically never; the seeded hash reads every character on every
         * lookup, which cost cold Example 1 about 4 % when it was always on.
         */
        private boolean seededIds;
        private static final int SAME_HASH_LIMIT = 8;
        /** Nodes named by {@link #nameNew} since the id table was last brought up to date (it is, on the next lookup); ids in {@link #ids}. */
        private int[] unindexed;
        private int unindexedCount;

        private Builder(int maxNodes, long maxNodeElements, long maxGraphElements) {
            this.maxNodes = maxNodes;
            this.maxNodeElements = maxNodeElements;
            this.maxGraphElements = maxGraphElements;
        }

        /** The shape of a node built so far, or null if unknown. */
        public int[] shape(int node) {
            int[] s = shapeAt(node);
            return s == null ? null : s.length == 0 ? s : s.clone(); // an empty array cannot be written: no copy
        }

        private int[] shapeAt(int node) {
            return shapes == null ? Shapes.SCALAR : shapes[node];
        }

        private int[] attrsAt(int node) {
            return attrs == null ? null : attrs[node];
        }

        public int size() {
            return size;
        }

        /** A variable whose shape is not known until it is evaluated (networks), or the existing node of that id. */
        public int input(String id) {
            return input(id, null);
        }

        /** A variable of this shape, or the existing node of that id. */
        public int input(String id, int[] shape) {
            int existing = find(id);
            if (existing >= 0) {
                return existing;
            }
            return add(Kind.INPUT, null, NO_INPUTS, null, id, shape == null ? null : shape.length == 0 ? Shapes.SCALAR : shape.clone(), null);
        }

        /** A constant, shared by id (so {@code 2} written twice is one node). */
        public int constant(String id, double value) {
            int existing = find(id);
            if (existing >= 0) {
                return existing;
            }
            return add(Kind.CONSTANT, null, NO_INPUTS, Tensor.scalar(value), id, Shapes.SCALAR, null);
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
            int hash = sharingHash(op, in, attributes);
            long[] table = shared0;
            int block = 0;
            if (size > BLOCK) { // else every input is in the first block
                int last = 0;
                for (int i : in) {
                    last = Math.max(last, i);
                }
                block = Math.min(last, size) >>> BLOCK_SHIFT; // an input past the end fails in applyFresh, below
                if (block > 0) {
                    table = blockTable(block);
                }
            }
            int mask = table.length - 1;
            int slot = hash & mask;
            for (long entry; (entry = table[slot]) != 0; slot = (slot + 1) & mask) {
                int node = nodeOf(entry);
                if (hashOf(entry) == hash && ops[node] == op && ids[node] == null
                        && Arrays.equals(inputs[node], in) && Arrays.equals(attrsAt(node), attributes)) {
                    return node;
                }
            }
            int node = applyFresh(op, attributes, in);
            table[slot] = entry(hash, node); // applyFresh does not touch the tables, so the empty slot found is still free
            if (block == 0) {
                if (++shared0Count * 2 > table.length) {
                    shared0 = rehash(table);
                }
            } else if (++sharedCounts[block] * 2 > table.length) {
                shared[block] = rehash(table);
            }
            return node;
        }

        /** The sharing table of a block past the first, made on first use. */
        private long[] blockTable(int block) {
            if (shared == null || block >= shared.length) {
                int length = Math.max(block + 1, shared == null ? 16 : shared.length * 2);
                shared = shared == null ? new long[length][] : Arrays.copyOf(shared, length);
                sharedCounts = sharedCounts == null ? new int[length] : Arrays.copyOf(sharedCounts, length);
            }
            long[] table = shared[block];
            if (table == null) {
                // as large as the block before it grew to (blocks are alike, so it seldom grows), up to what a block's
                // own nodes fill: one block of many nodes over an old input must not make every later table as large
                long[] before = block == 1 ? shared0 : shared[block - 1];
                table = shared[block] = new long[before != null ? Math.min(before.length, 2 * BLOCK) : 32];
            }
            return table;
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
                if (i < 0 || i >= size) {
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
            return add(Kind.OPERATION, op, Arrays.copyOf(in, in.length), null, null, shape, attributes == null ? null : attributes.clone());
        }

        /**
         * A new unshared node computing what {@code node} computes: the same op over the same
         * inputs for an anonymous operation, else the identity of {@code node} (so {@code c = b}
         * gives c its own node that consumes b).
         */
        public int copy(int node) {
            if (kinds[node] == Kind.OPERATION && ids[node] == null) {
                return applyFresh(ops[node], attrsAt(node), inputs[node]);
            }
            return applyFresh(Op.IDENTITY, node);
        }

        /** Gives an anonymous operation node a name; it stops being shared from then on (the table skips named nodes). */
        public void name(int node, String id) {
            if (ids[node] != null) {
                throw new IllegalStateException("node " + node + " is already named " + ids[node]);
            }
            if (find(id) >= 0) {
                throw new IllegalArgumentException("a node is already named " + id);
            }
            ids[node] = id;
            index(node);
        }

        /**
         * Gives an anonymous operation node a name that the caller knows no node has (a compiler
         * that keeps its names by index): as {@link #name}, without looking the id up now. The id
         * table takes it on the next lookup ({@link #find}, {@link #name}, {@link #input},
         * {@link #constant}), so a compiler that resolves names itself never probes the table for it.
         *
         * @throws IllegalStateException on that next lookup, if a node already had the id after all
         */
        public void nameNew(int node, String id) {
            if (ids[node] != null) {
                throw new IllegalStateException("node " + node + " is already named " + ids[node]);
            }
            ids[node] = id;
            if (unindexed == null) {
                unindexed = new int[16];
            } else if (unindexedCount == unindexed.length) {
                unindexed = Arrays.copyOf(unindexed, unindexedCount * 2);
            }
            unindexed[unindexedCount++] = node;
        }

        /** The node of that id, or -1. */
        public int find(String id) {
            if (unindexedCount > 0) {
                indexNamed();
            }
            int hash = idHash(id);
            int mask = byId.length - 1;
            for (int slot = hash & mask; byId[slot] != 0; slot = (slot + 1) & mask) {
                long entry = byId[slot];
                if (hashOf(entry) == hash && id.equals(ids[nodeOf(entry)])) {
                    return nodeOf(entry);
                }
            }
            return -1;
        }

        /** True if nothing named the node yet (it will get a generated id). */
        public boolean isAnonymous(int node) {
            return ids[node] == null;
        }

        /** Finishes the graph; anonymous nodes take ids from {@code freshIds} in evaluation order (when first asked for). */
        public Graph build(Supplier<String> freshIds) {
            return new Graph(this, copyInto(ids, new String[size]), freshIds);
        }

        private int add(Kind kind, Op op, int[] in, Tensor constant, String id, int[] shape, int[] attributes) {
            if (size >= maxNodes) {
                throw new LimitExceededException("nodes", maxNodes, maxNodes + 1L,
                        "the graph would have more than " + maxNodes + " nodes");
            }
            if (shape != null && shape.length > 0) {
                long elementCount = 1;
                for (int d : shape) {
                    elementCount *= d;
                }
                String what = id != null ? id : "a node";
                if (elementCount > maxNodeElements) {
                    throw new LimitExceededException("nodeElements", maxNodeElements, elementCount, what + " would have shape "
                            + Shapes.format(shape) + ", " + elementCount + " elements; the limit per node is " + maxNodeElements);
                }
                if (elements + elementCount > maxGraphElements) {
                    throw new LimitExceededException("graphElements", maxGraphElements, elements + elementCount, "the graph's nodes would hold "
                            + (elements + elementCount) + " elements in all; the limit is " + maxGraphElements);
                }
                elements += elementCount;
            }
            if (size == kinds.length) {
                grow();
            }
            if (shapes == null && (shape == null || shape.length > 0)) {
                shapes = new int[kinds.length][];
                Arrays.fill(shapes, 0, size, Shapes.SCALAR);
            }
            if (shapes != null) {
                shapes[size] = shape;
            }
            if (attrs == null && attributes != null) {
                attrs = new int[kinds.length][];
            }
            if (attrs != null) {
                attrs[size] = attributes;
            }
            int node = size++;
            kinds[node] = kind;
            ops[node] = op;
            inputs[node] = in;
            constants[node] = constant;
            ids[node] = id;
            if (id != null) {
                index(node);
            }
            return node;
        }

        private void grow() {
            int capacity = kinds.length * 2;
            kinds = copyInto(kinds, new Kind[capacity]);
            ops = copyInto(ops, new Op[capacity]);
            inputs = copyInto(inputs, new int[capacity][]);
            constants = copyInto(constants, new Tensor[capacity]);
            ids = copyInto(ids, new String[capacity]);
            if (shapes != null) {
                shapes = copyInto(shapes, new int[capacity][]);
            }
            if (attrs != null) {
                attrs = copyInto(attrs, new int[capacity][]);
            }
        }

        /** Enters the nodes named by {@link #nameNew} into the id table, each checked against the ids before it. */
        private void indexNamed() {
            int count = unindexedCount;
            unindexedCount = 0;
            for (int k = 0; k < count; k++) {
                int node = unindexed[k];
                String id = ids[node];
                int existing = find(id); // the node itself is not in the table yet: this sees the nodes named before it
                if (existing >= 0) {
                    throw new IllegalStateException("node " + node + " was named " + id + ", which node " + existing + " already had");
                }
                index(node);
            }
        }

        /** Enters a node that was just given an id into the id table. */
        private void index(int node) {
            int hash = idHash(ids[node]);
            int mask = byId.length - 1;
            int slot = hash & mask;
            int sameHash = 0;
            while (byId[slot] != 0) {
                if (hashOf(byId[slot]) == hash && ++sameHash > SAME_HASH_LIMIT && !seededIds) {
                    seedIds();
                    index(node);
                    return;
                }
                slot = (slot + 1) & mask;
            }
            byId[slot] = entry(hash, node);
            if (++namedCount * 2 > byId.length) {
                byId = rehash(byId);
            }
        }

        /**
         * An entry of the sharing and id tables: the node's hash beside its index (+1, so 0 is an
         * empty slot). A probe compares hashes in the table itself and reads the node's arrays only
         * on a likely match; past a few hundred thousand nodes each read of them is a cache miss.
         */
        private static long entry(int hash, int node) {
            return (long) hash << 32 | (node + 1L);
        }

        private static int hashOf(long entry) {
            return (int) (entry >>> 32);
        }

        private static int nodeOf(long entry) {
            return (int) entry - 1;
        }

        /** A table twice the size holding the same entries, each at its hash's first free slot. */
        private static long[] rehash(long[] table) {
            long[] bigger = new long[table.length * 2];
            for (long entry : table) {
                if (entry != 0) {
                    place(bigger, entry);
                }
            }
            return bigger;
        }

        /** Puts an entry at its hash's first free slot of a table that has one. */
        private static void place(long[] table, long entry) {
            int mask = table.length - 1;
            int slot = hashOf(entry) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry;
        }

        /** The id table's hash of a node id: its String hash, spread, until ids were seen to collide ({@link #seededIds}). */
        private int idHash(String id) {
            return seededIds ? seededIdHash(id) : spread(id.hashCode());
        }

        /** Whether the id table is placed by {@link #seededIdHash} (tests). */
        boolean idsSeeded() {
            return seededIds;
        }

        /** Places every named node again by {@link #seededIdHash}, from now on. */
        private void seedIds() {
            seededIds = true;
            long[] table = new long[byId.length];
            for (long entry : byId) {
                if (entry != 0) {
                    int node = nodeOf(entry);
                    place(table, entry(seededIdHash(ids[node]), node));
                }
            }
            byId = table;
        }

        /** A node id's hash in a multiplier a request does not know ({@link SeededHash}, and its limit), spread. */
        static int seededIdHash(String id) {
            return spread(SeededHash.of(id));
        }

        /**
         * Identity of an anonymous operation node for sharing: op, input nodes and attributes, a
         * polynomial in {@link SeededHash#MULTIPLIER}, which a request cannot aim (inputs (a, b) and (a + 1, b - 31)
         * share {@code Arrays.hashCode}). The ordinal, not the identity hash: cheaper; the multiply spreads
         * the small, clustered input indices over the table.
         */
        static int sharingHash(Op op, int[] in, int[] attributes) {
            int h = op.ordinal();
            for (int i : in) {
                h = SeededHash.MULTIPLIER * h + i;
            }
            h = SeededHash.MULTIPLIER * h + in.length; // inputs and attributes told apart
            if (attributes != null) {
                for (int a : attributes) {
                    h = SeededHash.MULTIPLIER * h + a;
                }
            }
            return spread(h);
        }

        private static int spread(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private static final int[] NO_INPUTS = new int[0];
        private static final int BLOCK_SHIFT = 12;
        /** Nodes a block of the sharing table: its table of about as many entries (64 KB) stays in a core's cache. */
        private static final int BLOCK = 1 << BLOCK_SHIFT;
    }

    /**
     * The first {@code to.length} (or all of {@code from}'s, if fewer) of {@code from} into {@code to}:
     * {@link Arrays#copyOf} of an array of references made its copy through reflection here
     * ({@code Array.newInstance}, about 3 % of a cold Example 1), where {@code new} of the known type does not.
     */
    private static <T> T[] copyInto(T[] from, T[] to) {
        System.arraycopy(from, 0, to, 0, Math.min(from.length, to.length));
        return to;
    }

    /** The ids of all nodes, in evaluation order. */
    public List<String> ids() {
        return Collections.unmodifiableList(Arrays.asList(named()));
    }
}
