package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One forward and one backward sweep over a {@link Graph} at given input values. Values and
 * adjoints live here, not in the graph, so nothing depends on what ran before.
 *
 * <p>Only nodes that a differentiated variable flows into are differentiated; the rest (constants,
 * variables outside {@code wrt}) have no adjoint, and partials towards them are never computed.
 *
 * <p>One thread at a time: scalars' tensors are made when first asked for, and the backward terms
 * go through reused scratch arrays.
 */
public final class Evaluation {

    /** The sweeps look at the deadline once per 4096 nodes: a clock read per node would cost more than a scalar op. */
    private static final int CHECK_EVERY = 4095;

    private final Graph graph;
    private final int output;
    /**
     * Each node's value. A scalar node's value is in {@link #scalarValues} and its tensor is made
     * only when asked for ({@link #value}): expressions are mostly scalars, and a tensor per node
     * was a sixth of what a large program allocated.
     */
    private final Tensor[] values;
    private final double[] scalarValues;
    private final boolean[] scalar;
    private final boolean[] differentiated;
    /** Whether a node has an adjoint (it reaches the output); a scalar's is in {@link #scalarAdjoints} unless {@link #adjoints} holds one. */
    private final boolean[] reached;
    private final double[] scalarAdjoints;
    private final Tensor[] adjoints;
    /** What each tensor node added to its inputs' adjoints in the sweep, kept for the trace (references, not copies). */
    private final Tensor[][] swept;
    /**
     * What each scalar elementwise node added to its distinct inputs' adjoints in the sweep, kept
     * for the trace as numbers: node k's from {@code termStart[k]}, one place per input slot.
     */
    private final int[] termStart;
    private double[] sweptTerms;
    /** One argument array per arity (ops read the arity from the array's length), reused by the backward sweep's scalar nodes. */
    private final double[][] scratch = new double[4][];
    /** {@link #scalarTerms}' answer, reused from node to node (grown to the largest arity). */
    private double[] terms = new double[4];
    private boolean[] termPresent = new boolean[4];
    private List<Warning> warnings;

    private Evaluation(Graph graph, int output, Tensor[] values, double[] scalarValues, boolean[] scalar, boolean[] differentiated) {
        this.graph = graph;
        this.output = output;
        this.values = values;
        this.scalarValues = scalarValues;
        this.scalar = scalar;
        this.differentiated = differentiated;
        this.reached = new boolean[graph.size()];
        this.scalarAdjoints = new double[graph.size()];
        this.adjoints = new Tensor[graph.size()];
        this.swept = new Tensor[graph.size()][];
        this.termStart = new int[graph.size()];
    }

    /**
     * Evaluates {@code graph} at {@code inputValues} (one per input node, by id) and
     * differentiates node {@code output} with respect to the inputs named in {@code wrt}.
     */
    public static Evaluation run(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt, int output) {
        return run(graph, inputValues, wrt, output, Deadline.NONE);
    }

    /** As {@link #run(Graph, Map, Set, int)}, stopping with {@link DeadlineExceededException} once {@code deadline} passes. */
    public static Evaluation run(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt, int output, Deadline deadline) {
        return run(graph, inputValues, wrt, output, null, deadline);
    }

    /**
     * A vector-Jacobian product: as {@link #run(Graph, Map, Set, int)}, with the reverse sweep
     * seeded by {@code seed} (the output's shape) instead of ones, so each variable's gradient is
     * seedᵀ · d output / d variable: a basis vector gives one row of a Jacobian.
     */
    public static Evaluation run(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt, int output, Tensor seed) {
        return run(graph, inputValues, wrt, output, seed, Deadline.NONE);
    }

    private static Evaluation run(Graph graph, Map<String, Tensor> inputValues, Set<String> wrt, int output, Tensor seed, Deadline deadline) {
        int n = graph.size();
        Tensor[] values = new Tensor[n];
        double[] scalarValues = new double[n];
        boolean[] scalar = new boolean[n];
        boolean[] differentiated = new boolean[n];
        Evaluation evaluation = new Evaluation(graph, output, values, scalarValues, scalar, differentiated);
        int slots = 0;
        for (int node = 0; node < n; node++) {
            if ((node & CHECK_EVERY) == CHECK_EVERY) {
                deadline.check();
            }
            switch (graph.kind(node)) {
                case INPUT -> {
                    Tensor v = inputValues.get(graph.id(node));
                    if (v == null) {
                        throw new IllegalArgumentException("no value for input " + graph.id(node));
                    }
                    evaluation.set(node, v);
                    differentiated[node] = wrt.contains(graph.id(node));
                }
                case CONSTANT -> evaluation.set(node, graph.constant(node));
                case OPERATION -> {
                    int[] in = graph.inputs(node);
                    evaluation.termStart[node] = slots;
                    slots += in.length;
                    boolean any = false;
                    for (int i : in) {
                        any |= differentiated[i];
                    }
                    differentiated[node] = any;
                    Op op = graph.op(node);
                    double[] scalars = op.isElementwise() ? evaluation.scalarsOf(in) : null;
                    if (scalars != null) { // the common case of expressions: no tensor bookkeeping
                        scalarValues[node] = op.value(scalars);
                        scalar[node] = true;
                    } else {
                        Tensor[] args = new Tensor[in.length];
                        for (int i = 0; i < in.length; i++) {
                            args[i] = evaluation.value(in[i]);
                        }
                        evaluation.set(node, op.forward(args, graph.attrs(node)));
                    }
                }
            }
        }
        evaluation.sweptTerms = new double[slots];
        evaluation.backward(seed, deadline);
        return evaluation;
    }

    private void set(int node, Tensor v) {
        values[node] = v;
        if (v.isScalar()) {
            scalar[node] = true;
            scalarValues[node] = v.item();
        }
    }

    /** Reverse sweep: a loop down the array from the output, each node passing its adjoint to its inputs. */
    private void backward(Tensor seed, Deadline deadline) {
        if (!differentiated[output]) {
            return;
        }
        if (seed == null && scalar[output]) {
            accumulate(output, 1.0);
        } else {
            adjoints[output] = seed == null ? Tensor.onesLike(values[output]) : seed;
            reached[output] = true;
        }
        for (int node = output; node >= 0; node--) {
            if ((node & CHECK_EVERY) == CHECK_EVERY) {
                deadline.check();
            }
            if (!reached[node] || graph.kind(node) != Graph.Kind.OPERATION) {
                continue;
            }
            int[] targets = graph.distinctInputs(node);
            if (isScalarElementwise(node)) { // the same terms the trace reads (scalarTerms), added without a tensor each
                double[] terms = scalarTerms(node);
                int start = termStart[node];
                for (int j = 0; j < targets.length; j++) {
                    if (termPresent[j]) {
                        sweptTerms[start + j] = terms[j];
                        accumulate(targets[j], terms[j]);
                    }
                }
                continue;
            }
            Tensor[] contributions = contributions(node);
            swept[node] = contributions;
            for (int j = 0; j < targets.length; j++) {
                if (contributions[j] != null) {
                    accumulate(targets[j], contributions[j]);
                }
            }
        }
    }

    /** Adds {@code c} to a node's adjoint: the first term is the adjoint, each later one is added to it. */
    private void accumulate(int target, double c) {
        if (adjoints[target] != null) { // a scalar node whose adjoint is held as a tensor: added as before
            accumulate(target, Tensor.scalar(c));
            return;
        }
        scalarAdjoints[target] = reached[target] ? scalarAdjoints[target] + c : c;
        reached[target] = true;
    }

    private void accumulate(int target, Tensor c) {
        if (c.isScalar() && scalar[target] && adjoints[target] == null) {
            accumulate(target, c.item());
            return;
        }
        Tensor current = adjoints[target] != null ? adjoints[target] : reached[target] ? Tensor.scalar(scalarAdjoints[target]) : null;
        adjoints[target] = current == null ? c : current.plus(c);
        reached[target] = true;
    }

    private boolean isScalarElementwise(int node) {
        return scalar[node] && graph.op(node).isElementwise();
    }

    /**
     * What {@code node} adds to the adjoint of each of its distinct inputs
     * ({@link Graph#distinctInputs}), null for inputs not differentiated. An input used in several
     * slots gets the sum of those slots' products, added in slot order: the sweep adds these same
     * terms, so the trace's terms add up to exactly the adjoints of the sweep. A node that does not reach the output
     * (adjoint 0) contributes zeros: the sweep skips it, the trace lists its terms as 0.
     */
    Tensor[] contributions(int node) {
        if (swept[node] != null) {
            return swept[node];
        }
        int[] in = graph.inputs(node);
        if (!reached[node]) { // reaches no output: its terms are 0, even where a partial is infinite (0 · ∞ is no gradient)
            Tensor[] zeros = new Tensor[graph.distinctInputs(node).length];
            for (int j = 0; j < zeros.length; j++) {
                int input = graph.distinctInputs(node)[j];
                zeros[j] = differentiated[input] ? Tensor.zerosLike(value(input)) : null;
            }
            return zeros;
        }
        if (isScalarElementwise(node)) {
            int[] targets = graph.distinctInputs(node);
            Tensor[] out = new Tensor[targets.length];
            for (int j = 0; j < out.length; j++) { // the sweep's terms: one for each differentiated input
                if (differentiated[targets[j]]) {
                    out[j] = scalarTensor(targets[j], sweptTerms[termStart[node] + j]);
                }
            }
            return out;
        }
        boolean[] wanted = new boolean[in.length];
        Tensor[] args = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            wanted[i] = differentiated[in[i]];
            args[i] = value(in[i]);
        }
        Tensor[] perSlot = graph.op(node).vjp(args, value(node), adjoint(node), wanted, graph.attrs(node));
        InputSlots repeated = graph.repeatedInputs(node);
        return repeated == null ? perSlot : repeated.combine(perSlot);
    }

    /**
     * {@link #contributions} of a scalar elementwise node as numbers, without the tensor
     * bookkeeping: g · ∂y/∂a_i per slot, and per distinct input j the sum over its slots, added in
     * slot order; {@link #termPresent}[j] says whether input j gets one (whether it is
     * differentiated). The arrays are this evaluation's scratch, read before the next call.
     */
    private double[] scalarTerms(int node) {
        Op op = graph.op(node);
        int[] in = graph.inputs(node);
        double[] a = scalarsOf(in);
        double y = scalarValues[node];
        double g = scalarAdjoint(node);
        if (terms.length < in.length) {
            terms = new double[in.length];
            termPresent = new boolean[in.length];
        }
        InputSlots repeated = graph.repeatedInputs(node);
        if (repeated != null) { // rare (x * x): arrays of the exact arity, as combine reads them whole
            double[] perSlot = new double[in.length];
            boolean[] wanted = new boolean[in.length];
            for (int i = 0; i < in.length; i++) {
                if (differentiated[in[i]]) {
                    perSlot[i] = op.chain(i, g, a, y);
                    wanted[i] = true;
                }
            }
            java.util.Arrays.fill(termPresent, 0, repeated.distinct.length, false);
            return repeated.combine(perSlot, wanted, termPresent);
        }
        for (int i = 0; i < in.length; i++) { // no repeats: slot i is distinct input i
            termPresent[i] = differentiated[in[i]];
            if (termPresent[i]) {
                terms[i] = op.chain(i, g, a, y);
            }
        }
        return terms;
    }

    /** The inputs' values when all are scalars (in the scratch array of their arity, or a new one past it), else null. */
    private double[] scalarsOf(int[] in) {
        double[] into;
        if (in.length < scratch.length) {
            if (scratch[in.length] == null) {
                scratch[in.length] = new double[in.length];
            }
            into = scratch[in.length];
        } else {
            into = new double[in.length];
        }
        return scalarsOf(in, into);
    }

    private double[] scalarsOf(int[] in, double[] into) {
        for (int i = 0; i < in.length; i++) {
            if (!scalar[in[i]]) {
                return null;
            }
            into[i] = scalarValues[in[i]];
        }
        return into;
    }

    /** A reached node's adjoint as a tensor (made for a scalar held as a number). */
    private Tensor adjoint(int node) {
        if (adjoints[node] == null) {
            adjoints[node] = Tensor.scalar(scalarAdjoints[node]); // final after the sweep: made once, kept
        }
        return adjoints[node];
    }

    /**
     * A term of {@code target}'s adjoint as a tensor; the adjoint's own when they are the same
     * number (a node with one consumer), as the sweep's first term was: tensors are immutable.
     */
    private Tensor scalarTensor(int target, double term) {
        Tensor adjoint = scalar[target] ? adjoint(target) : null;
        return adjoint != null && adjoint.isScalar() && Double.doubleToRawLongBits(adjoint.item()) == Double.doubleToRawLongBits(term)
                ? adjoint : Tensor.scalar(term);
    }

    private double scalarAdjoint(int node) {
        return adjoints[node] != null ? adjoints[node].item() : scalarAdjoints[node];
    }

    private boolean isFiniteValue(int node) {
        return values[node] != null ? values[node].isFinite() : Double.isFinite(scalarValues[node]);
    }

    private boolean isFiniteAdjoint(int node) {
        return adjoints[node] != null ? adjoints[node].isFinite() : Double.isFinite(scalarAdjoints[node]);
    }

    /**
     * The first non-finite value in evaluation order, then the first non-finite gradient in backward
     * order: the highest node whose adjoint is not finite, since non-finite adjoints only flow down.
     * All its consumers' adjoints are finite, so the culprit is the consumer whose partial is not.
     * Found after the sweeps, and only when asked for, so training steps never scan for them.
     */
    public List<Warning> warnings() {
        if (warnings == null) {
            List<Warning> found = new ArrayList<>(2);
            for (int node = 0; node < values.length; node++) {
                if (!isFiniteValue(node)) {
                    found.add(new Warning(graph.id(node), "value", nonFiniteValueMessage(node)));
                    break;
                }
            }
            for (int node = output; node >= 0; node--) {
                if (reached[node] && !isFiniteAdjoint(node)) {
                    found.add(new Warning(graph.id(node), "gradient", nonFiniteGradientMessage(node)));
                    break;
                }
            }
            warnings = List.copyOf(found);
        }
        return warnings;
    }

    private String nonFiniteValueMessage(int node) {
        String id = graph.id(node);
        String what = describe(value(node));
        return switch (graph.kind(node)) {
            case INPUT -> id + " is bound to " + what;
            case CONSTANT -> "the constant " + id + " is " + what;
            case OPERATION -> id + " = " + graph.expression(node) + " gives " + what + atInputs(node);
        };
    }

    private String nonFiniteGradientMessage(int target) {
        for (int consumer = output; consumer > target; consumer--) {
            if (!reached[consumer] || graph.kind(consumer) != Graph.Kind.OPERATION) {
                continue;
            }
            int[] inputs = graph.distinctInputs(consumer);
            for (int j = 0; j < inputs.length; j++) {
                if (inputs[j] == target) {
                    Tensor c = contributions(consumer)[j];
                    if (c != null && !c.isFinite()) {
                        InputSlots repeated = graph.repeatedInputs(consumer);
                        String partial = graph.op(consumer).partialText(repeated == null ? j : repeated.slots(j)[0], graph.inputIdArray(consumer));
                        return "the gradient of " + graph.id(target) + " is " + describe(gradient(target))
                                + ": the partial of " + graph.id(consumer) + " = " + graph.expression(consumer)
                                + " with respect to " + graph.id(target) + ", " + partial + ", is not finite" + atInputs(consumer);
                    }
                }
            }
        }
        return "the gradient of " + graph.id(target) + " is " + describe(gradient(target));
    }

    private String atInputs(int node) {
        int[] in = graph.distinctInputs(node);
        StringBuilder at = new StringBuilder();
        for (int i : in) {
            if (!scalar[i]) {
                return "";
            }
            at.append(at.length() == 0 ? " at " : ", ").append(graph.id(i)).append(" = ").append(Literal.format(scalarValues[i]));
        }
        return at.toString();
    }

    private static String describe(Tensor t) {
        if (t.isScalar()) {
            return Double.toString(t.item());
        }
        for (int k = 0; k < t.size(); k++) {
            if (!Double.isFinite(t.get(k))) {
                return t.get(k) + " (element " + k + ")";
            }
        }
        return "finite";
    }

    public Graph graph() {
        return graph;
    }

    public int output() {
        return output;
    }

    public Tensor value(int node) {
        if (values[node] == null) {
            values[node] = Tensor.scalar(scalarValues[node]); // a scalar's tensor, made once when first asked for
        }
        return values[node];
    }

    /** d output / d node, or null where nothing was differentiated (constants, inputs outside wrt). */
    public Tensor gradient(int node) {
        if (!differentiated[node]) {
            return null;
        }
        return reached[node] ? adjoint(node) : Tensor.zerosLike(value(node));
    }

    public boolean isDifferentiated(int node) {
        return differentiated[node];
    }

    /**
     * The partials of a scalar {@code consumer} with respect to each input slot (0 for slots not
     * differentiated, whose partials are never computed).
     */
    double[] scalarPartials(int consumer) {
        int[] in = graph.inputs(consumer);
        double[] args = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            args[i] = scalarValues[in[i]];
        }
        double y = scalarValues[consumer];
        double[] partials = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            if (differentiated[in[i]]) {
                partials[i] = graph.op(consumer).partial(i, args, y);
            }
        }
        return partials;
    }
}
