package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The computation as a student writes it, read off a finished {@link Evaluation}: every node with
 * its value and adjoint, and the backward pass as sums of terms,
 * {@code g_b = g_e · (-a / b^2) + g_c · cos(b)}.
 *
 * <p>Built only when asked for: the sweeps format nothing.
 *
 * @param nodes    every node in evaluation order
 * @param backward every differentiated node up to the output, in backward order (output first)
 */
public record Trace(List<NodeEntry> nodes, List<BackwardEntry> backward) {

    /**
     * @param op         the op's symbol, null for inputs and constants
     * @param expression the node printed with its input ids ({@code "a / b"})
     * @param gradient   d output / d node; null where nothing was differentiated
     */
    public record NodeEntry(String id, Graph.Kind kind, String op, List<String> inputs, String expression,
                            Tensor value, Tensor gradient) {
    }

    /** A node's adjoint as the sum of its terms, one per consumer, in the order the sweep added them. */
    public record BackwardEntry(String id, Tensor gradient, List<Term> terms) {
    }

    /**
     * One consumer's share of a node's adjoint: {@code contribution = g_consumer · localValue}.
     *
     * @param localDerivative ∂consumer/∂node printed with node ids, where the consumer is elementwise
     *                        (its Jacobian is diagonal); null for products, reductions and the like
     * @param localValue      its value, in the consumer's shape; null where localDerivative is
     * @param contribution    what the consumer adds to the node's adjoint, in the node's shape
     * @param vjp             (tensor terms) the contribution written in the language with the
     *                        consumer's gradient {@code g_<consumer>}: {@code alpha2 @ g_u2}; null for scalar terms
     * @param jacobianShape   (tensor terms) d consumer / d node as the note's vector chain rule writes
     *                        it, [P, N]: P elements of the node, N of the consumer; null for scalar terms
     */
    public record Term(String consumer, String localDerivative, Tensor localValue, Tensor contribution,
                       String vjp, int[] jacobianShape) {
    }

    /**
     * How a scalar node's gradient is made, as the lecture note writes it:
     * {@code g_b = g_e · (-a / b^2) + g_c · (cos(b)) = 1 · -12.4882 + 0.166667 · 0.769239 = -12.36}.
     * Null for a node with no backward entry or with tensor terms.
     */
    public String derivation(String id) {
        Map<String, Tensor> gradients = new HashMap<>(); // the consumers' gradients by id: one pass over the nodes, made if a term asks
        return derivation(backward, id, consumer -> {
            if (gradients.isEmpty()) {
                for (NodeEntry n : nodes) {
                    if (!gradients.containsKey(n.id())) { // the first node of an id, as a search in order finds it
                        gradients.put(n.id(), n.gradient());
                    }
                }
            }
            return gradients.get(consumer);
        });
    }

    /**
     * As {@link #derivation(String)}, for a backward list kept apart from its trace's nodes (a
     * network's answer): {@code gradientOf} gives a consumer's gradient by id (null for none).
     */
    public static String derivation(List<BackwardEntry> backward, String id, Function<String, Tensor> gradientOf) {
        BackwardEntry entry = null;
        for (BackwardEntry b : backward) {
            if (b.id().equals(id)) {
                entry = b;
                break;
            }
        }
        return entry == null ? null : derivation(entry, backward.get(0) == entry, gradientOf);
    }

    /**
     * {@link #derivation(String)} of {@code entry}; {@code first} says whether it is the trace's first
     * backward entry, {@code gradientOf} gives a consumer's gradient by id.
     */
    static String derivation(BackwardEntry entry, boolean first, Function<String, Tensor> gradientOf) {
        String id = entry.id();
        boolean tensorTerms = !entry.gradient().isScalar();
        for (int k = 0; k < entry.terms().size() && !tensorTerms; k++) {
            tensorTerms = entry.terms().get(k).vjp() != null;
        }
        if (tensorTerms) {
            return tensorDerivation(entry);
        }
        if (entry.terms().isEmpty()) {
            return "g_" + id + " = " + Literal.approximate(entry.gradient().item()) + (first ? " (the output)" : " (no consumer reaches the output)");
        }
        StringBuilder symbols = new StringBuilder("g_" + id + " = ");
        StringBuilder numbers = new StringBuilder();
        for (int k = 0; k < entry.terms().size(); k++) {
            Term t = entry.terms().get(k);
            if (t.localDerivative() == null || !t.localValue().isScalar()) {
                return null;
            }
            Tensor consumerGradient = gradientOf.apply(t.consumer()); // never null: the consumer added a term, so it is differentiated
            symbols.append(k == 0 ? "" : " + ").append("g_").append(t.consumer()).append(" · (").append(t.localDerivative()).append(')');
            numbers.append(k == 0 ? "" : " + ").append(Literal.approximate(consumerGradient.item())).append(" · ").append(Literal.approximate(t.localValue().item()));
        }
        return symbols + " = " + numbers + " = " + Literal.approximate(entry.gradient().item());
    }

    /** A tensor node's gradient as the note's vector chain rule writes it: {@code g_z1 = alpha2 @ g_u2}. */
    private static String tensorDerivation(BackwardEntry entry) {
        if (entry.terms().isEmpty()) {
            return "g_" + entry.id() + " = 1 (the output)";
        }
        StringBuilder d = new StringBuilder("g_" + entry.id() + " = ");
        for (int k = 0; k < entry.terms().size(); k++) {
            Term t = entry.terms().get(k);
            String term = t.vjp() != null ? t.vjp() : t.localDerivative() != null ? "g_" + t.consumer() + " * (" + t.localDerivative() + ")" : null;
            if (term == null) {
                return null;
            }
            d.append(k == 0 ? "" : " + ").append(term);
        }
        return d.toString();
    }

    /** The whole trace of {@code evaluation}, its texts printed afresh. */
    public static Trace of(Evaluation evaluation) {
        TraceTemplate.Printed printed = TraceTemplate.printedOnce(evaluation.graph());
        return new Trace(nodes(evaluation, printed), backward(evaluation, printed));
    }

    /**
     * The whole trace of {@code evaluation}, its texts taken from {@code template} (made there on
     * first use): a template shared by many evaluations of one graph prints them once.
     */
    public static Trace of(Evaluation evaluation, TraceTemplate template) {
        checkGraph(evaluation, template);
        TraceTemplate.Printed printed = template.printed();
        return new Trace(nodes(evaluation, printed), backward(evaluation, printed));
    }

    /** Only the nodes, values and adjoints: for callers that do not show the backward terms (networks). */
    public static List<NodeEntry> nodes(Evaluation evaluation) {
        return nodes(evaluation, TraceTemplate.printedOnce(evaluation.graph()));
    }

    private static void checkGraph(Evaluation evaluation, TraceTemplate template) {
        if (template.graph() != evaluation.graph()) {
            throw new IllegalArgumentException("the template is of another graph");
        }
    }

    private static List<NodeEntry> nodes(Evaluation evaluation, TraceTemplate.Printed printed) {
        Graph graph = evaluation.graph();
        int n = graph.size();
        NodeEntry[] nodes = new NodeEntry[n];
        for (int node = 0; node < n; node++) {
            Op op = graph.op(node);
            nodes[node] = new NodeEntry(graph.id(node), graph.kind(node), op == null ? null : op.symbol(),
                    printed.inputs(node), printed.expression(graph, node), evaluation.value(node), evaluation.gradient(node));
        }
        return Arrays.asList(nodes);
    }

    private static List<BackwardEntry> backward(Evaluation evaluation, TraceTemplate.Printed printed) {
        Graph graph = evaluation.graph();
        int output = evaluation.output();
        @SuppressWarnings("unchecked")
        List<Term>[] terms = new List[output + 1];
        int entries = 0;
        // Consumers in backward order, as the sweep visited them, so each node's terms come in the order they were added.
        for (int consumer = output; consumer >= 0; consumer--) {
            if (!evaluation.isDifferentiated(consumer)) {
                continue;
            }
            entries++;
            if (graph.kind(consumer) != Graph.Kind.OPERATION) {
                continue;
            }
            int[] targets = graph.distinctInputs(consumer);
            Tensor[] contributions = evaluation.contributions(consumer);
            double[] locals = scalarLocals(evaluation, consumer);
            for (int j = 0; j < targets.length; j++) {
                if (contributions[j] == null) {
                    continue;
                }
                int target = targets[j];
                if (terms[target] == null) {
                    terms[target] = new ArrayList<>(4);
                }
                terms[target].add(term(evaluation, printed, consumer, j, locals, contributions[j]));
            }
        }
        BackwardEntry[] list = new BackwardEntry[entries];
        int k = 0;
        for (int node = output; node >= 0; node--) {
            if (evaluation.isDifferentiated(node)) {
                list[k++] = new BackwardEntry(graph.id(node), evaluation.gradient(node), terms[node] == null ? List.of() : terms[node]);
            }
        }
        return Arrays.asList(list);
    }

    /**
     * For a scalar elementwise consumer, each distinct input's local partial: its slots' partials
     * added in slot order, as the sweep adds them; null for any other consumer.
     */
    private static double[] scalarLocals(Evaluation evaluation, int consumer) {
        Graph graph = evaluation.graph();
        boolean scalar = graph.op(consumer).isElementwise() && evaluation.value(consumer).isScalar();
        if (!scalar) {
            return null;
        }
        double[] partials = evaluation.scalarPartials(consumer);
        InputSlots slots = graph.repeatedInputs(consumer);
        return slots == null ? partials : slots.combine(partials, null, new boolean[graph.distinctInputs(consumer).length]);
    }

    /** The term {@code consumer} adds to its distinct input {@code j}; {@code locals} from {@link #scalarLocals}. */
    private static Term term(Evaluation evaluation, TraceTemplate.Printed printed, int consumer, int j, double[] locals, Tensor contribution) {
        Graph graph = evaluation.graph();
        int target = graph.distinctInputs(consumer)[j];
        if (locals == null || !evaluation.value(target).isScalar()) {
            InputSlots slots = graph.repeatedInputs(consumer);
            return tensorTerm(evaluation, printed, consumer, j, target, slots == null ? new int[] {j} : slots.slots(j), contribution);
        }
        return new Term(graph.id(consumer), printed.partial(graph, consumer, j), Tensor.scalar(locals[j]), contribution, null, null);
    }

    /**
     * One node's derivation and backward entry without the whole trace, for callers that need one or
     * two nodes' (grading a wrong answer): each costs the node's consumers, not the graph. The whole
     * trace is made only if asked for ({@link #whole()}), once.
     */
    public static Lookup lookup(Evaluation evaluation, TraceTemplate template) {
        checkGraph(evaluation, template);
        // the template's consumers: what finds a node's terms without a pass over the graph
        return new Lookup(evaluation, template);
    }

    /** See {@link #lookup}. Not for sharing between threads (it keeps what it made). */
    public static final class Lookup {
        private final Evaluation evaluation;
        private final TraceTemplate template;
        private final Map<Integer, BackwardEntry> entries = new HashMap<>();
        private final Map<Integer, Consumer> consumers = new HashMap<>();
        private Trace whole;
        private int first = -2;

        private Lookup(Evaluation evaluation, TraceTemplate template) {
            this.evaluation = evaluation;
            this.template = template;
        }

        public Evaluation evaluation() {
            return evaluation;
        }

        /** The whole trace, made on first use and kept. */
        public Trace whole() {
            if (whole == null) {
                whole = Trace.of(evaluation, template);
            }
            return whole;
        }

        /** The node's backward entry as the whole trace has it, or null (no such node, none). */
        public BackwardEntry backward(String id) {
            int node = evaluation.graph().indexOf(id);
            return node < 0 ? null : backward(node);
        }

        /**
         * The node's backward entry as the whole trace has it (equal, term for term), or null where it
         * has none (not differentiated, or after the output): its terms from its consumers, found
         * through the template, in backward order.
         */
        public BackwardEntry backward(int node) {
            if (node > evaluation.output() || !evaluation.isDifferentiated(node)) {
                return null;
            }
            BackwardEntry e = entries.get(node);
            if (e != null) {
                return e;
            }
            Graph graph = evaluation.graph();
            TraceTemplate.Printed printed = template.printed();
            TraceTemplate.Consumers consumers = template.consumers();
            List<Term> terms = null;
            for (int k = consumers.to(node) - 1; k >= consumers.from(node); k--) {
                int consumer = consumers.at(k);
                if (consumer > evaluation.output() || !evaluation.isDifferentiated(consumer)) {
                    continue;
                }
                int j = consumers.placeAt(k);
                Consumer c = consumer(consumer);
                if (c.contributions[j] == null) {
                    continue;
                }
                if (terms == null) {
                    terms = new ArrayList<>(2);
                }
                terms.add(term(evaluation, printed, consumer, j, c.locals, c.contributions[j]));
            }
            e = new BackwardEntry(graph.id(node), evaluation.gradient(node), terms == null ? List.of() : terms);
            entries.put(node, e);
            return e;
        }

        /**
         * A consumer's contributions and local partials, made once per lookup: a node with many
         * inputs (a sum of 10^5 nodes) is asked for by each of them, and making these per input
         * would cost inputs² (contributions of a node that reaches no output are made anew per call).
         */
        private Consumer consumer(int node) {
            Consumer c = consumers.get(node);
            if (c == null) {
                c = new Consumer(evaluation.contributions(node), scalarLocals(evaluation, node));
                consumers.put(node, c);
            }
            return c;
        }

        private record Consumer(Tensor[] contributions, double[] locals) {
        }

        /** As {@link Trace#derivation(String)} of the whole trace. */
        public String derivation(String id) {
            Graph graph = evaluation.graph();
            int node = graph.indexOf(id);
            BackwardEntry entry = node < 0 ? null : backward(node);
            if (entry == null) {
                return null;
            }
            if (first == -2) { // the whole trace's first entry: the highest differentiated node up to the output
                int f = evaluation.output();
                while (f >= 0 && !evaluation.isDifferentiated(f)) {
                    f--;
                }
                first = f;
            }
            return Trace.derivation(entry, node == first, consumer -> {
                int c = graph.indexOf(consumer);
                return c < 0 ? null : evaluation.gradient(c);
            });
        }
    }

    /**
     * A term where the node or its consumer is a tensor: the contribution, its VJP written in the
     * language, the Jacobian's shape, and for an elementwise consumer its local partials.
     */
    private static Term tensorTerm(Evaluation evaluation, TraceTemplate.Printed printed, int consumer, int j, int target, int[] slots,
                                   Tensor contribution) {
        Graph graph = evaluation.graph();
        String[] ids = printed.inputIds[consumer];
        Op op = graph.op(consumer);
        String g = "g_" + graph.id(consumer);
        String y = graph.id(consumer);
        Tensor out = evaluation.value(consumer);
        int[] in = graph.inputs(consumer);
        int[][] shapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = evaluation.value(in[i]).shape();
        }
        int[] jacobian = {evaluation.value(target).size(), out.size()};
        if (!op.isElementwise()) {
            StringBuilder vjp = new StringBuilder();
            for (int slot : slots) {
                String v = op.vjpText(slot, ids, shapes, graph.attrs(consumer), y, g);
                if (v == null) {
                    vjp = null;
                    break;
                }
                vjp.append(vjp.length() == 0 ? "" : " + ").append(slots.length > 1 ? "(" + v + ")" : v);
            }
            return new Term(graph.id(consumer), null, null, contribution, vjp == null ? null : vjp.toString(), jacobian);
        }
        // Elementwise: the Jacobian is diagonal (after broadcasting), so the partials are a tensor of the consumer's shape.
        Tensor[] args = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            args[i] = evaluation.value(in[i]);
        }
        double[] local = new double[out.size()];
        double[] a = new double[in.length];
        for (int k = 0; k < local.length; k++) {
            for (int i = 0; i < in.length; i++) {
                a[i] = args[i].broadcastGet(k);
            }
            double sum = op.partial(slots[0], a, out.get(k));
            for (int s = 1; s < slots.length; s++) {
                sum += op.partial(slots[s], a, out.get(k));
            }
            local[k] = sum;
        }
        String vjp = slots.length == 1 ? op.vjpText(slots[0], ids, shapes, graph.attrs(consumer), y, g)
                : g + " * (" + partialText(op, slots, ids) + ")";
        int[] targetShape = evaluation.value(target).shape();
        if (targetShape.length < out.rank()) { // broadcast: summed back to the node's shape
            vjp = targetShape.length == 0 ? "sum(" + vjp + ")" : "sum(" + vjp + ", 0)";
        }
        return new Term(graph.id(consumer), printed.partial(graph, consumer, j), Tensor.of(out.shape(), local), contribution, vjp, jacobian);
    }

    /**
     * The printed partial; for a node used in several slots, their sum: {@code x * x} gives
     * {@code 2 * x}, a sum of {@code x} 300 000 times gives {@code 300000}, {@code a / a} gives
     * {@code 1 / a - a / a^2}.
     */
    static String partialText(Op op, int[] slots, String[] inputIds) {
        if (slots.length == 1) {
            return op.partialText(slots[0], inputIds);
        }
        List<String> parts = new ArrayList<>(slots.length);
        for (int slot : slots) {
            parts.add(op.partialText(slot, inputIds));
        }
        if (parts.stream().distinct().count() == 1) {
            String p = parts.get(0);
            return p.equals("1") ? Integer.toString(parts.size()) : parts.size() + " * " + parenthesize(p);
        }
        StringBuilder sum = new StringBuilder(parts.get(0));
        for (String p : parts.subList(1, parts.size())) {
            sum.append(p.startsWith("-") ? " - " + p.substring(1) : " + " + p);
        }
        return sum.toString();
    }

    /** Wraps a printed partial that is a sum or difference, so that {@code 2 * (1 - tanh(x)^2)} keeps its meaning. */
    private static String parenthesize(String p) {
        return p.contains(" + ") || p.contains(" - ") || p.startsWith("-") ? "(" + p + ")" : p;
    }
}
