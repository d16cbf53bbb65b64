package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trace as it was made before the per-graph template and the one-node lookups (main at 58ffec1,
 * copied verbatim but for its record header): every text printed afresh per trace, the derivation
 * by searching the lists. {@link TraceTemplateTest} holds the new way equal to it.
 */
public final class FormerTrace {

    private FormerTrace() {
    }

    /**
     * How a scalar node's gradient is made, as the lecture note writes it:
     * {@code g_b = g_e · (-a / b^2) + g_c · (cos(b)) = 1 · -12.4882 + 0.166667 · 0.769239 = -12.36}.
     * Null for a node with no backward entry or with tensor terms.
     */
    public static String derivation(Trace trace, String id) {
        List<Trace.NodeEntry> nodes = trace.nodes();
        List<Trace.BackwardEntry> backward = trace.backward();
        Trace.BackwardEntry entry = backward.stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
        if (entry == null) {
            return null;
        }
        if (!entry.gradient().isScalar() || entry.terms().stream().anyMatch(t -> t.vjp() != null)) {
            return tensorDerivation(entry);
        }
        if (entry.terms().isEmpty()) {
            return "g_" + id + " = " + Literal.approximate(entry.gradient().item()) + (backward.get(0) == entry ? " (the output)" : " (no consumer reaches the output)");
        }
        StringBuilder symbols = new StringBuilder("g_" + id + " = ");
        StringBuilder numbers = new StringBuilder();
        for (int k = 0; k < entry.terms().size(); k++) {
            Trace.Term t = entry.terms().get(k);
            if (t.localDerivative() == null || !t.localValue().isScalar()) {
                return null;
            }
            Tensor consumerGradient = nodes.stream().filter(n -> n.id().equals(t.consumer())).findFirst().orElseThrow().gradient();
            symbols.append(k == 0 ? "" : " + ").append("g_").append(t.consumer()).append(" · (").append(t.localDerivative()).append(')');
            numbers.append(k == 0 ? "" : " + ").append(Literal.approximate(consumerGradient.item())).append(" · ").append(Literal.approximate(t.localValue().item()));
        }
        return symbols + " = " + numbers + " = " + Literal.approximate(entry.gradient().item());
    }

    /** A tensor node's gradient as the note's vector chain rule writes it: {@code g_z1 = alpha2 @ g_u2}. */
    private static String tensorDerivation(Trace.BackwardEntry entry) {
        if (entry.terms().isEmpty()) {
            return "g_" + entry.id() + " = 1 (the output)";
        }
        StringBuilder d = new StringBuilder("g_" + entry.id() + " = ");
        for (int k = 0; k < entry.terms().size(); k++) {
            Trace.Term t = entry.terms().get(k);
            String term = t.vjp() != null ? t.vjp() : t.localDerivative() != null ? "g_" + t.consumer() + " * (" + t.localDerivative() + ")" : null;
            if (term == null) {
                return null;
            }
            d.append(k == 0 ? "" : " + ").append(term);
        }
        return d.toString();
    }

    public static Trace of(Evaluation evaluation) {
        String[][] inputIds = inputIds(evaluation.graph());
        return new Trace(nodes(evaluation, inputIds), backward(evaluation, inputIds));
    }

    /** Only the nodes, values and adjoints: for callers that do not show the backward terms (networks). */
    static List<Trace.NodeEntry> nodes(Evaluation evaluation) {
        return nodes(evaluation, inputIds(evaluation.graph()));
    }

    /** Each node's input ids, made once: the node list and the backward terms both print with them. */
    private static String[][] inputIds(Graph graph) {
        String[][] ids = new String[graph.size()][];
        for (int node = 0; node < ids.length; node++) {
            ids[node] = graph.inputIdArray(node);
        }
        return ids;
    }

    private static List<Trace.NodeEntry> nodes(Evaluation evaluation, String[][] inputIds) {
        Graph graph = evaluation.graph();
        int n = graph.size();
        List<Trace.NodeEntry> nodes = new ArrayList<>(n);
        for (int node = 0; node < n; node++) {
            Op op = graph.op(node);
            String[] ids = inputIds[node];
            nodes.add(new Trace.NodeEntry(graph.id(node), graph.kind(node), op == null ? null : op.symbol(),
                    ids.length == 0 ? List.of() : Arrays.asList(ids), op == null ? graph.id(node) : op.infix(ids, graph.attrs(node)),
                    evaluation.value(node), evaluation.gradient(node)));
        }
        return nodes;
    }

    private static List<Trace.BackwardEntry> backward(Evaluation evaluation, String[][] allInputIds) {
        Graph graph = evaluation.graph();
        int output = evaluation.output();
        @SuppressWarnings("unchecked")
        List<Trace.Term>[] terms = new List[output + 1];
        // Consumers in backward order, as the sweep visited them, so each node's terms come in the order they were added.
        for (int consumer = output; consumer >= 0; consumer--) {
            if (graph.kind(consumer) != Graph.Kind.OPERATION || !evaluation.isDifferentiated(consumer)) {
                continue;
            }
            int[] targets = graph.distinctInputs(consumer);
            Tensor[] contributions = evaluation.contributions(consumer);
            boolean scalar = graph.op(consumer).isElementwise() && evaluation.value(consumer).isScalar();
            double[] partials = scalar ? evaluation.scalarPartials(consumer) : null;
            String[] inputIds = allInputIds[consumer];
            InputSlots slots = graph.repeatedInputs(consumer);
            // each distinct input's local partial: its slots' partials added in slot order, as the sweep adds them
            double[] locals = partials == null || slots == null ? partials : slots.combine(partials, null, new boolean[targets.length]);
            for (int j = 0; j < targets.length; j++) {
                if (contributions[j] == null) {
                    continue;
                }
                int target = targets[j];
                if (terms[target] == null) {
                    terms[target] = new ArrayList<>(2);
                }
                if (!scalar || !evaluation.value(target).isScalar()) {
                    terms[target].add(tensorTerm(evaluation, consumer, target, slots == null ? new int[] {j} : slots.slots(j), inputIds, contributions[j]));
                    continue;
                }
                // with no repeated input, slot j is input j
                String text = slots == null ? graph.op(consumer).partialText(j, inputIds) : partialText(graph.op(consumer), slots.slots(j), inputIds);
                terms[target].add(new Trace.Term(graph.id(consumer), text, Tensor.scalar(locals[j]), contributions[j], null, null));
            }
        }
        List<Trace.BackwardEntry> entries = new ArrayList<>();
        for (int node = output; node >= 0; node--) {
            if (evaluation.isDifferentiated(node)) {
                entries.add(new Trace.BackwardEntry(graph.id(node), evaluation.gradient(node),
                        terms[node] == null ? List.of() : terms[node]));
            }
        }
        return entries;
    }

    /**
     * A term where the node or its consumer is a tensor: the contribution, its VJP written in the
     * language, the Jacobian's shape, and for an elementwise consumer its local partials.
     */
    private static Trace.Term tensorTerm(Evaluation evaluation, int consumer, int target, int[] slots, String[] ids, Tensor contribution) {
        Graph graph = evaluation.graph();
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
            return new Trace.Term(graph.id(consumer), null, null, contribution, vjp == null ? null : vjp.toString(), jacobian);
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
        String text = slots.length == 1 ? op.partialText(slots[0], ids) : partialText(op, slots, ids);
        return new Trace.Term(graph.id(consumer), text, Tensor.of(out.shape(), local), contribution, vjp, jacobian);
    }

    /**
     * The printed partial; for a node used in several slots, their sum: {@code x * x} gives
     * {@code 2 * x}, a sum of {@code x} 300 000 times gives {@code 300000}, {@code a / a} gives
     * {@code 1 / a - a / a^2}.
     */
    private static String partialText(Op op, int[] slots, String[] inputIds) {
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
