package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * What a {@link Trace} prints that depends on its graph alone: each node's input ids and its
 * expression ({@code "a / b"}), each scalar term's printed local derivative ({@code "-a / b^2"},
 * with the sums of a repeated input: {@code "2 * x"}), and which nodes consume each node. Made once
 * per graph and shared by every trace of it, so that a template sent a thousand times with different
 * bindings prints its strings once; each trace then makes only its numbers.
 *
 * <p>Everything here is read from the graph's ids, kinds, ops, attributes and input lists, which
 * never change after {@code build}; nothing depends on the bindings, the output or {@code wrt}
 * (which nodes get terms is decided per evaluation, as before). The texts of tensor terms (their
 * VJPs) depend on the values' shapes and are made per trace. Safe on any number of threads: each
 * part is made on first use and published through a volatile field or as an immutable String in an
 * array slot (a race makes the same string twice, never a wrong one). Its memory grows with the
 * graph's size: two arrays of n, the strings and lists of n nodes, a partial per differentiated
 * operand, and the consumers as two int arrays (n + 1 and the number of distinct operands).
 */
public final class TraceTemplate {

    private final Graph graph;
    private volatile Printed printed;
    private volatile Consumers consumers;

    private TraceTemplate(Graph graph) {
        this.graph = graph;
    }

    /** An empty template of {@code graph}: nothing is printed until a trace asks. Graphs keep theirs ({@link Graph#traceTemplate}). */
    static TraceTemplate of(Graph graph) {
        return new TraceTemplate(graph);
    }

    public Graph graph() {
        return graph;
    }

    /** The nodes' printed parts, made on first use. */
    Printed printed() {
        Printed p = printed;
        if (p == null) {
            p = new Printed(graph, true);
            printed = p;
        }
        return p;
    }

    /** The nodes' printed parts for one trace only (no template kept): the partials are printed as asked, not remembered. */
    static Printed printedOnce(Graph graph) {
        return new Printed(graph, false);
    }

    /** Who consumes each node, made on first use (only one-node lookups need it). */
    Consumers consumers() {
        Consumers c = consumers;
        if (c == null) {
            c = new Consumers(graph);
            consumers = c;
        }
        return c;
    }

    /**
     * Per node: input ids (as an array for the ops' printers and as the trace's list) and the
     * expression. Kept in a template, all three are made here; for one trace only, just the ids
     * arrays, and the lists and expressions as the trace reads each node ({@link #inputs(int)},
     * {@link #expression(Graph, int)}), once each: no arrays of them to fill and read back.
     */
    static final class Printed {
        final String[][] inputIds;
        private final List<String>[] inputs;
        private final String[] expressions;
        /**
         * The printed local derivatives, filled as traces ask: node {@code c}'s of its distinct input
         * {@code j} at {@code partialAt[c] + j}. One array made here (so published with this object);
         * its slots hold immutable strings.
         */
        private final int[] partialAt;
        private final String[] partials;

        @SuppressWarnings("unchecked")
        private Printed(Graph graph, boolean kept) {
            int n = graph.size();
            inputIds = new String[n][];
            inputs = kept ? new List[n] : null;
            expressions = kept ? new String[n] : null;
            partialAt = kept ? new int[n] : null;
            int slots = 0;
            for (int node = 0; node < n; node++) {
                String[] ids = graph.inputIdArray(node);
                inputIds[node] = ids;
                if (kept) {
                    inputs[node] = list(ids);
                    expressions[node] = print(graph, node, ids);
                    partialAt[node] = slots;
                    slots += graph.distinctInputs(node).length;
                }
            }
            partials = kept ? new String[slots] : null;
        }

        /** The node's input ids as the trace lists them. */
        List<String> inputs(int node) {
            return inputs != null ? inputs[node] : list(inputIds[node]);
        }

        /** The node printed with its input ids ({@code "a / b"}); a constant or input prints as its id. */
        String expression(Graph graph, int node) {
            return expressions != null ? expressions[node] : print(graph, node, inputIds[node]);
        }

        private static List<String> list(String[] ids) {
            return ids.length == 0 ? List.of() : new Ids(ids);
        }

        private static String print(Graph graph, int node, String[] ids) {
            Op op = graph.op(node);
            return op == null ? graph.id(node) : op.infix(ids, graph.attrs(node));
        }

        /**
         * The local derivative of {@code consumer} with respect to its distinct input {@code j},
         * printed with node ids: the op's partial of slot j, or for an input in several slots the sum.
         * Elementwise consumers only (the others have no printed local derivative).
         */
        String partial(Graph graph, int consumer, int j) {
            int at = partials == null ? -1 : partialAt[consumer] + j;
            String text = at < 0 ? null : partials[at];
            if (text == null) {
                InputSlots slots = graph.repeatedInputs(consumer);
                // with no repeated input, slot j is input j
                text = slots == null ? graph.op(consumer).partialText(j, inputIds[consumer])
                        : Trace.partialText(graph.op(consumer), slots.slots(j), inputIds[consumer]);
                if (at >= 0) {
                    partials[at] = text;
                }
            }
            return text;
        }
    }

    /** A node's input ids as the trace lists them: a read-only view of the one array, shared by every trace. */
    private static final class Ids extends AbstractList<String> implements RandomAccess {
        private final String[] ids;

        Ids(String[] ids) {
            this.ids = ids;
        }

        @Override
        public String get(int index) {
            return ids[index];
        }

        @Override
        public int size() {
            return ids.length;
        }
    }

    /**
     * The consumers of each node, in increasing order, as offsets into one array (each consumer once
     * per node), and beside each the node's place among that consumer's distinct inputs: a lookup
     * then finds its term in O(1), where a scan of a wide consumer's inputs (a sum of 10^5 nodes,
     * each input looked up) would cost inputs².
     */
    static final class Consumers {
        private final int[] start;
        private final int[] list;
        private final int[] place;

        private Consumers(Graph graph) {
            int n = graph.size();
            int[] count = new int[n + 1];
            for (int node = 0; node < n; node++) {
                for (int input : graph.distinctInputs(node)) {
                    count[input + 1]++;
                }
            }
            for (int i = 0; i < n; i++) {
                count[i + 1] += count[i];
            }
            int[] fill = Arrays.copyOf(count, n);
            int[] all = new int[count[n]];
            int[] places = new int[count[n]];
            for (int node = 0; node < n; node++) { // consumers in increasing order
                int[] inputs = graph.distinctInputs(node);
                for (int j = 0; j < inputs.length; j++) {
                    int k = fill[inputs[j]]++;
                    all[k] = node;
                    places[k] = j;
                }
            }
            this.start = count;
            this.list = all;
            this.place = places;
        }

        int from(int node) {
            return start[node];
        }

        int to(int node) {
            return start[node + 1];
        }

        int at(int k) {
            return list[k];
        }

        /** Where the node of entry k stands among consumer {@code at(k)}'s distinct inputs. */
        int placeAt(int k) {
            return place[k];
        }
    }
}
