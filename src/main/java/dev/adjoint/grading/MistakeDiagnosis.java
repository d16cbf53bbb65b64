package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.expression.ExpressionGradients;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Why a submitted gradient is wrong, from the true backward terms {@code g_n = Σ g_c · ∂c/∂n}: the
 * submission is compared (with the request's allclose rule) against what each common slip would
 * have given, and the first that matches is named. The candidates, in the order tried:
 * <ol>
 *   <li>{@code sign-flipped}: {@code -g_n};</li>
 *   <li>{@code off-by-factor}: {@code 2 g_n}, {@code g_n / 2};</li>
 *   <li>{@code missing-term}: {@code g_n - g_c ∂c/∂n}, for each consumer c;</li>
 *   <li>{@code extra-term}: {@code g_n + g_c ∂c/∂n} (a term counted twice), or
 *       {@code g_n + g_i ∂n/∂i} for an input i of n (a term that goes the wrong way: n's
 *       gradient is made from its consumers, not from what n is made of);</li>
 *   <li>{@code local-derivative-wrong}: one term with {@code ∂c/∂n} replaced by {@code -∂c/∂n}
 *       (sign flipped), {@code ∂c/∂n / 2}, {@code 1 / (∂c/∂n)} or {@code 1} (left out).</li>
 * </ol>
 * A candidate that is itself within tolerance of the truth cannot tell a slip from a right answer
 * and is skipped. No candidate matching means no diagnosis: the slip is something else, or several.
 * The consumers' gradients are the true ones, so a diagnosis is about this node's own step.
 */
public final class MistakeDiagnosis {

    /**
     * One consumer's share of the node's gradient; or, with {@code wrongWay}, the share the node
     * gives one of its inputs, which does not belong in the node's own sum.
     *
     * @param consumer        the consumer (with {@code wrongWay}: the input)
     * @param consumerGradient its true gradient
     * @param localDerivative ∂consumer/∂node printed with node ids (with {@code wrongWay}: ∂node/∂input)
     */
    public record Term(String consumer, double consumerGradient, String localDerivative, double localValue, double contribution,
                       boolean wrongWay) {

        public Term(String consumer, double consumerGradient, String localDerivative, double localValue, double contribution) {
            this(consumer, consumerGradient, localDerivative, localValue, contribution, false);
        }
    }

    private MistakeDiagnosis() {
    }

    /** Nodes whose terms are made one by one (each a pass over the trace) before every node's are made at once. */
    static final int ONE_BY_ONE_AT_MOST = 8;

    /**
     * The scalar terms of each node of a trace, by node id; a node with tensor terms has none.
     * Made per node when asked (and kept): grading asks for the one or two nodes whose submitted
     * gradient is wrong, and making every node's terms was a tenth of what a batch of checks
     * allocated. Past {@link #ONE_BY_ONE_AT_MOST} nodes asked, every node's are made in one pass,
     * so a submission with every gradient wrong costs one pass, not one per node (n² on a long program).
     */
    public static Function<String, List<Term>> termsOf(Trace trace) {
        return termsOf(trace, ONE_BY_ONE_AT_MOST);
    }


    /** As {@link #termsOf(Trace)}, making every node's terms at once after {@code oneByOneAtMost} nodes asked. */
    static Function<String, List<Term>> termsOf(Trace trace, int oneByOneAtMost) {
        Map<String, Double> gradients = gradients(trace);
        return termsOf(n -> termsOf(trace, gradients, n), () -> everyNodesTerms(trace, gradients), oneByOneAtMost);
    }

    /**
     * As {@link #termsOf(Trace)}, the same terms in the same order, without the whole trace: a node's
     * terms are made from its own backward entry and its inputs' (each made alone, from the node's
     * consumers), so a wrong item costs its node's neighbourhood, not the graph. Past
     * {@link #ONE_BY_ONE_AT_MOST} nodes asked, the whole trace is made once, as there.
     */
    public static Function<String, List<Term>> termsOf(Trace.Lookup lookup) {
        return termsOf(lookup, ONE_BY_ONE_AT_MOST);
    }

    /** As {@link #termsOf(Trace.Lookup)}, for a computed expression or program. */
    public static Function<String, List<Term>> termsOf(ExpressionGradients computed) {
        return termsOf(computed.traceLookup());
    }

    static Function<String, List<Term>> termsOf(Trace.Lookup lookup, int oneByOneAtMost) {
        return termsOf(n -> termsOf(lookup, n), () -> {
            Trace whole = lookup.whole();
            return everyNodesTerms(whole, gradients(whole));
        }, oneByOneAtMost);
    }

    private static Function<String, List<Term>> termsOf(Function<String, java.util.Optional<List<Term>>> oneNode,
                                                       java.util.function.Supplier<Map<String, List<Term>>> everyNodeAtOnce, int oneByOneAtMost) {
        Map<String, java.util.Optional<List<Term>>> byNode = new HashMap<>();
        return new Function<>() {
            private Map<String, List<Term>> everyNode;

            @Override
            public List<Term> apply(String node) {
                if (everyNode == null && byNode.size() >= oneByOneAtMost && !byNode.containsKey(node)) {
                    everyNode = everyNodeAtOnce.get();
                }
                return everyNode != null ? everyNode.get(node) : byNode.computeIfAbsent(node, oneNode).orElse(null);
            }
        };
    }

    /** The scalar gradients of a trace's nodes, by id. */
    private static Map<String, Double> gradients(Trace trace) {
        Map<String, Double> gradients = new HashMap<>();
        for (Trace.NodeEntry n : trace.nodes()) {
            if (n.gradient() != null && n.gradient().isScalar()) {
                gradients.put(n.id(), n.gradient().item());
            }
        }
        return gradients;
    }

    /**
     * {@link #termsOf(Trace, Map, String)} from one-node entries: the node's own entry, then, in
     * backward order (its distinct inputs, highest first), the wrong-way term of each input whose
     * gradient is a scalar and whose own terms are all scalar.
     */
    private static java.util.Optional<List<Term>> termsOf(Trace.Lookup lookup, String node) {
        Evaluation e = lookup.evaluation();
        Graph graph = e.graph();
        int index = graph.indexOf(node);
        if (index < 0) {
            return java.util.Optional.empty();
        }
        Function<String, Double> gradients = id -> scalarGradient(e, graph.indexOf(id));
        List<Term> own = null;
        Trace.BackwardEntry mine = lookup.backward(index);
        if (mine != null) {
            own = scalarTerms(mine, gradients);
        }
        List<Term> wrongWay = null;
        List<String> inputs = graph.inputIds(index);
        int[] distinct = distinctInputsDescending(graph, index, inputs);
        for (int b : distinct) {
            Double gb = scalarGradient(e, b);
            if (gb == null) {
                continue; // no wrong-way term can come from here
            }
            Trace.BackwardEntry entry = lookup.backward(b);
            if (entry == null) {
                continue;
            }
            List<Term> terms = scalarTerms(entry, gradients);
            if (terms == null) {
                continue;
            }
            wrongWay = addWrongWay(wrongWay, terms, node, entry.id(), gb);
        }
        return combined(own, wrongWay);
    }

    /** The node's distinct inputs, highest index first (the backward order of their entries): sorted, then each once. */
    private static int[] distinctInputsDescending(Graph graph, int node, List<String> inputIds) {
        int[] in = new int[inputIds.size()];
        for (int k = 0; k < in.length; k++) {
            in[k] = graph.indexOf(inputIds.get(k));
        }
        java.util.Arrays.sort(in);
        int[] distinct = new int[in.length];
        int count = 0;
        for (int k = in.length - 1; k >= 0; k--) {
            if (count == 0 || distinct[count - 1] != in[k]) {
                distinct[count++] = in[k];
            }
        }
        return java.util.Arrays.copyOf(distinct, count);
    }

    /** The node's gradient when it is a scalar; else (none, a tensor, no such node) null. */
    private static Double scalarGradient(Evaluation e, int node) {
        if (node < 0) {
            return null;
        }
        Tensor g = e.gradient(node);
        return g != null && g.isScalar() ? g.item() : null;
    }

    /** Every node's terms in one pass over the backward entries, in the order {@link #termsOf(Trace, Map, String)} gives one node's. */
    private static Map<String, List<Term>> everyNodesTerms(Trace trace, Map<String, Double> gradients) {
        Map<String, List<Term>> byNode = new HashMap<>();
        for (Trace.BackwardEntry b : trace.backward()) {
            List<Term> terms = scalarTerms(b, gradients);
            if (terms == null) {
                continue;
            }
            byNode.computeIfAbsent(b.id(), k -> new ArrayList<>()).addAll(0, terms);
            Double gb = gradients.get(b.id());
            if (gb != null) { // b feeds each term's consumer: for the consumer, the term goes the wrong way
                for (Term t : terms) {
                    byNode.computeIfAbsent(t.consumer(), k -> new ArrayList<>())
                            .add(new Term(b.id(), gb, t.localDerivative(), t.localValue(), gb * t.localValue(), true));
                }
            }
        }
        return byNode;
    }

    /**
     * One node's terms, in the order the whole-trace pass made them: the node's own terms, the
     * backward entries' in reverse (each entry's put in front of those before it), then the terms
     * that go the wrong way (from each entry whose scalar terms have this node as a consumer, in
     * order); empty when there are none.
     */
    private static java.util.Optional<List<Term>> termsOf(Trace trace, Map<String, Double> gradients, String node) {
        List<Term> own = null;
        List<Term> wrongWay = null;
        for (Trace.BackwardEntry b : trace.backward()) {
            boolean mine = b.id().equals(node);
            Double gb = mine ? null : gradients.get(b.id());
            boolean feedsNode = false;
            if (!mine) {
                if (gb == null) {
                    continue; // no wrong-way term can come from here
                }
                for (Trace.Term t : b.terms()) {
                    feedsNode |= t.consumer().equals(node);
                }
                if (!feedsNode) {
                    continue;
                }
            }
            List<Term> terms = scalarTerms(b, gradients);
            if (terms == null) {
                continue;
            }
            if (mine) {
                if (own == null) {
                    own = new ArrayList<>();
                }
                own.addAll(0, terms);
            } else {
                wrongWay = addWrongWay(wrongWay, terms, node, b.id(), gb);
            }
        }
        return combined(own, wrongWay);
    }

    /**
     * To {@code wrongWay} (made if null), the share {@code node} gives its input {@code input} (the
     * input's terms whose consumer is the node), as a term that goes the wrong way:
     * {@code g_input · ∂node/∂input}, which does not belong in the node's own sum.
     */
    private static List<Term> addWrongWay(List<Term> wrongWay, List<Term> inputsTerms, String node, String input, double gInput) {
        for (Term t : inputsTerms) {
            if (t.consumer().equals(node)) {
                if (wrongWay == null) {
                    wrongWay = new ArrayList<>();
                }
                wrongWay.add(new Term(input, gInput, t.localDerivative(), t.localValue(), gInput * t.localValue(), true));
            }
        }
        return wrongWay;
    }

    /** The node's own terms, then the wrong-way ones; empty when there are neither. */
    private static java.util.Optional<List<Term>> combined(List<Term> own, List<Term> wrongWay) {
        if (own == null && wrongWay == null) {
            return java.util.Optional.empty();
        }
        List<Term> all = own == null ? new ArrayList<>() : own;
        if (wrongWay != null) {
            all.addAll(wrongWay);
        }
        return java.util.Optional.of(all);
    }

    /** An entry's terms, if every one is scalar with a printed local derivative and a known consumer gradient; else null. */
    private static List<Term> scalarTerms(Trace.BackwardEntry b, Map<String, Double> gradients) {
        return scalarTerms(b, gradients::get);
    }

    private static List<Term> scalarTerms(Trace.BackwardEntry b, Function<String, Double> gradients) {
        List<Term> terms = new ArrayList<>(b.terms().size());
        for (Trace.Term t : b.terms()) {
            Tensor c = t.contribution();
            Double g = gradients.apply(t.consumer());
            if (t.localDerivative() == null || t.localValue() == null || g == null || !c.isScalar() || !t.localValue().isScalar()) {
                return null;
            }
            terms.add(new Term(t.consumer(), g, t.localDerivative(), t.localValue().item(), c.item()));
        }
        return terms;
    }

    /**
     * @param expected the true gradient of {@code node}
     * @param terms    its true backward terms, one per consumer
     * @return the likely slip, or null when none explains {@code submitted}
     */
    public static Diagnosis diagnose(String node, double submitted, double expected, List<Term> all, Tolerance t) {
        if (!Double.isFinite(submitted) || !Double.isFinite(expected) || t.accepts(submitted, expected)) {
            return null;
        }
        String g = "g_" + node;
        List<Term> wrongWay = all.stream().filter(Term::wrongWay).toList();
        List<Term> terms = all.stream().filter(x -> !x.wrongWay()).toList();
        if (matches(submitted, -expected, expected, t)) {
            return new Diagnosis(Diagnosis.Kind.SIGN_FLIPPED, null, -1.0, null, g + " has the right size but the wrong sign: check the sign of each term"
                    + (terms.isEmpty() ? "" : " in " + sum(node, terms)));
        }
        for (double factor : new double[] {2.0, 0.5}) {
            if (matches(submitted, factor * expected, expected, t)) {
                return new Diagnosis(Diagnosis.Kind.OFF_BY_FACTOR, null, factor, null, g + " is " + (factor == 2.0 ? "twice" : "half")
                        + " the right value: look for a factor of 2 gained or lost" + (terms.isEmpty() ? "" : " in " + sum(node, terms)));
            }
        }
        for (Term term : terms) {
            if (matches(submitted, expected - term.contribution(), expected, t)) {
                String others = terms.size() == 1 ? "" : ": " + node + " feeds " + consumers(terms) + ", so " + g + " has one term per consumer";
                return new Diagnosis(Diagnosis.Kind.MISSING_TERM, term.consumer(), null, term.localDerivative(),
                        g + " leaves out the term from " + term.consumer() + ", " + term(term) + others);
            }
        }
        for (Term term : terms) {
            if (matches(submitted, expected + term.contribution(), expected, t)) {
                return new Diagnosis(Diagnosis.Kind.EXTRA_TERM, term.consumer(), null, term.localDerivative(),
                        g + " counts the term from " + term.consumer() + ", " + term(term) + ", twice; each consumer of " + node + " adds one term");
            }
        }
        for (Term term : wrongWay) {
            if (matches(submitted, expected + term.contribution(), expected, t)) {
                return new Diagnosis(Diagnosis.Kind.EXTRA_TERM, null, null, term.localDerivative(),
                        g + " adds g_" + term.consumer() + " · (" + term.localDerivative() + "), a term that goes the wrong way: " + term.consumer()
                                + " is what " + node + " is made from, and " + g + " sums terms from " + node + "'s consumers"
                                + (terms.isEmpty() ? "" : " (" + consumers(terms) + ")"));
            }
        }
        for (Term term : terms) {
            String partial = "∂" + term.consumer() + "/∂" + node;
            double rest = expected - term.contribution();
            if (matches(submitted, rest - term.contribution(), expected, t)) {
                return new Diagnosis(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG, term.consumer(), -1.0, term.localDerivative(),
                        "in " + g + ", the term from " + term.consumer() + " has its local derivative's sign flipped: " + partial + " is "
                                + term.localDerivative() + ", not " + negated(term.localDerivative()));
            }
            if (matches(submitted, rest + term.contribution() / 2, expected, t)) {
                return new Diagnosis(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG, term.consumer(), 0.5, term.localDerivative(),
                        "in " + g + ", the term from " + term.consumer() + " uses half the local derivative: " + partial + " is " + term.localDerivative());
            }
            if (term.localValue() != 0.0 && matches(submitted, rest + term.consumerGradient() / term.localValue(), expected, t)) {
                return new Diagnosis(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG, term.consumer(), null, term.localDerivative(),
                        "in " + g + ", the term from " + term.consumer() + " divides by the local derivative instead of multiplying: "
                                + partial + " is " + term.localDerivative());
            }
            if (matches(submitted, rest + term.consumerGradient(), expected, t)) {
                return new Diagnosis(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG, term.consumer(), null, term.localDerivative(),
                        "in " + g + ", the term from " + term.consumer() + " leaves out the local derivative " + partial + " = " + term.localDerivative()
                                + " (g_" + term.consumer() + " is multiplied by it)");
            }
        }
        return null;
    }

    /** The slip would give {@code candidate}, the submission is that, and the slip is not itself right. */
    private static boolean matches(double submitted, double candidate, double expected, Tolerance t) {
        return Double.isFinite(candidate) && t.accepts(submitted, candidate) && !t.accepts(candidate, expected);
    }

    private static String term(Term t) {
        return "g_" + t.consumer() + " · (" + t.localDerivative() + ")";
    }

    private static String sum(String node, List<Term> terms) {
        StringBuilder s = new StringBuilder("g_" + node + " = ");
        for (int i = 0; i < terms.size(); i++) {
            s.append(i == 0 ? "" : " + ").append(term(terms.get(i)));
        }
        return s.toString();
    }

    private static String consumers(List<Term> terms) {
        List<String> names = terms.stream().map(Term::consumer).toList();
        return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** {@code -a / b^2} becomes {@code a / b^2}; anything else gets a minus in front, parenthesised. */
    static String negated(String partial) {
        if (partial.startsWith("-") && !partial.substring(1).contains(" + ") && !partial.substring(1).contains(" - ")) {
            return "+" + partial.substring(1);
        }
        return "-(" + partial + ")";
    }
}
