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
 */
public final class Evaluation {

    /** The sweeps look at the deadline once per 4096 nodes: a clock read per node would cost more than a scalar op. */
    private static final int CHECK_EVERY = 4095;

    private final Graph graph;
    private final int output;
    private final Tensor[] values;
    private final boolean[] differentiated;
    private final Tensor[] adjoints;
    /** What each node added to its inputs' adjoints in the sweep, kept for the trace (references, not copies). */
    private final Tensor[][] swept;
    private List<Warning> warnings;

    private Evaluation(Graph graph, int output, Tensor[] values, boolean[] differentiated) {
        this.graph = graph;
        this.output = output;
        this.values = values;
        this.differentiated = differentiated;
        this.adjoints = new Tensor[graph.size()];
        this.swept = new Tensor[graph.size()][];
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
        boolean[] differentiated = new boolean[n];
        // one argument array per arity for the forward sweep's scalar ops (op.value keeps none), not one per node
        double[][] scratch = new double[4][];
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
                    values[node] = v;
                    differentiated[node] = wrt.contains(graph.id(node));
                }
                case CONSTANT -> values[node] = graph.constant(node);
                case OPERATION -> {
                    int[] in = graph.inputs(node);
                    boolean any = false;
                    for (int i : in) {
                        any |= differentiated[i];
                    }
                    differentiated[node] = any;
                    Op op = graph.op(node);
                    double[] scalars = null;
                    if (op.isElementwise()) {
                        if (in.length < scratch.length && scratch[in.length] == null) {
                            scratch[in.length] = new double[in.length];
                        }
                        scalars = scalarsOf(values, in, in.length < scratch.length ? scratch[in.length] : null);
                    }
                    if (scalars != null) { // the common case of expressions: no tensor bookkeeping
                        values[node] = Tensor.scalar(op.value(scalars));
                    } else {
                        Tensor[] args = new Tensor[in.length];
                        for (int i = 0; i < in.length; i++) {
                            args[i] = values[in[i]];
                        }
                        values[node] = op.forward(args, graph.attrs(node));
                    }
                }
            }
        }
        Evaluation evaluation = new Evaluation(graph, output, values, differentiated);
        evaluation.backward(seed, deadline);
        return evaluation;
    }

    /** Reverse sweep: a loop down the array from the output, each node passing its adjoint to its inputs. */
    private void backward(Tensor seed, Deadline deadline) {
        if (!differentiated[output]) {
            return;
        }
        adjoints[output] = seed == null ? Tensor.onesLike(values[output]) : seed;
        for (int node = output; node >= 0; node--) {
            if ((node & CHECK_EVERY) == CHECK_EVERY) {
                deadline.check();
            }
            if (adjoints[node] == null || graph.kind(node) != Graph.Kind.OPERATION) {
                continue;
            }
            int[] targets = graph.distinctInputs(node);
            Tensor[] contributions = contributions(node);
            swept[node] = contributions;
            for (int j = 0; j < targets.length; j++) {
                Tensor c = contributions[j];
                if (c == null) {
                    continue;
                }
                int target = targets[j];
                adjoints[target] = adjoints[target] == null ? c : adjoints[target].plus(c);
            }
        }
    }

    /**
     * What {@code node} adds to the adjoint of each of its distinct inputs
     * ({@link Graph#distinctInputs}), null for inputs not differentiated. An input used in several
     * slots gets the sum of those slots' products, added in slot order: the trace calls this too, so
     * its terms add up to exactly the adjoints of the sweep. A node that does not reach the output
     * (adjoint 0) contributes zeros: the sweep skips it, the trace lists its terms as 0.
     */
    Tensor[] contributions(int node) {
        if (swept[node] != null) {
            return swept[node];
        }
        int[] in = graph.inputs(node);
        if (adjoints[node] == null) { // reaches no output: its terms are 0, even where a partial is infinite (0 · ∞ is no gradient)
            Tensor[] zeros = new Tensor[graph.distinctInputs(node).length];
            for (int j = 0; j < zeros.length; j++) {
                int input = graph.distinctInputs(node)[j];
                zeros[j] = differentiated[input] ? Tensor.zerosLike(values[input]) : null;
            }
            return zeros;
        }
        if (graph.op(node).isElementwise() && values[node].isScalar()) {
            return scalarContributions(node, in);
        }
        boolean[] wanted = new boolean[in.length];
        Tensor[] args = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            wanted[i] = differentiated[in[i]];
            args[i] = values[in[i]];
        }
        Tensor[] perSlot = graph.op(node).vjp(args, values[node], adjoints[node], wanted, graph.attrs(node));
        InputSlots repeated = graph.repeatedInputs(node);
        return repeated == null ? perSlot : repeated.combine(perSlot);
    }

    /**
     * {@link #contributions} for a scalar elementwise node, the same numbers in the same order
     * without the tensor bookkeeping: g · ∂y/∂a_i per slot, and per distinct input the sum over its
     * slots, added in slot order.
     */
    private Tensor[] scalarContributions(int node, int[] in) {
        Op op = graph.op(node);
        double[] a = scalarsOf(values, in);
        double y = values[node].item();
        double g = adjoints[node].item();
        if (!graph.hasRepeatedInputs(node)) {
            Tensor[] out = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                if (differentiated[in[i]]) {
                    out[i] = Tensor.scalar(op.chain(i, g, a, y));
                }
            }
            return out;
        }
        InputSlots repeated = graph.repeatedInputs(node);
        double[] perSlot = new double[in.length];
        boolean[] wanted = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            if (differentiated[in[i]]) {
                perSlot[i] = op.chain(i, g, a, y);
                wanted[i] = true;
            }
        }
        boolean[] seen = new boolean[repeated.distinct.length];
        double[] sums = repeated.combine(perSlot, wanted, seen);
        Tensor[] out = new Tensor[sums.length];
        for (int j = 0; j < sums.length; j++) {
            out[j] = seen[j] ? Tensor.scalar(sums[j]) : null;
        }
        return out;
    }

    /** The inputs' values as doubles when every one is a scalar, else null. */
    private static double[] scalarsOf(Tensor[] values, int[] in) {
        return scalarsOf(values, in, null);
    }

    /** The inputs' values when all are scalars, written into {@code into} when given (of the right length), else null. */
    private static double[] scalarsOf(Tensor[] values, int[] in, double[] into) {
        double[] a = into != null ? into : new double[in.length];
        for (int i = 0; i < in.length; i++) {
            Tensor v = values[in[i]];
            if (!v.isScalar()) {
                return null;
            }
            a[i] = v.item();
        }
        return a;
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
                if (!values[node].isFinite()) {
                    found.add(new Warning(graph.id(node), "value", nonFiniteValueMessage(node)));
                    break;
                }
            }
            for (int node = output; node >= 0; node--) {
                if (adjoints[node] != null && !adjoints[node].isFinite()) {
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
        String what = describe(values[node]);
        return switch (graph.kind(node)) {
            case INPUT -> id + " is bound to " + what;
            case CONSTANT -> "the constant " + id + " is " + what;
            case OPERATION -> id + " = " + graph.expression(node) + " gives " + what + atInputs(node);
        };
    }

    private String nonFiniteGradientMessage(int target) {
        for (int consumer = output; consumer > target; consumer--) {
            if (adjoints[consumer] == null || graph.kind(consumer) != Graph.Kind.OPERATION) {
                continue;
            }
            int[] inputs = graph.distinctInputs(consumer);
            for (int j = 0; j < inputs.length; j++) {
                if (inputs[j] == target) {
                    Tensor c = contributions(consumer)[j];
                    if (c != null && !c.isFinite()) {
                        InputSlots repeated = graph.repeatedInputs(consumer);
                        String partial = graph.op(consumer).partialText(repeated == null ? j : repeated.slots(j)[0], graph.inputIdArray(consumer));
                        return "the gradient of " + graph.id(target) + " is " + describe(adjoints[target])
                                + ": the partial of " + graph.id(consumer) + " = " + graph.expression(consumer)
                                + " with respect to " + graph.id(target) + ", " + partial + ", is not finite" + atInputs(consumer);
                    }
                }
            }
        }
        return "the gradient of " + graph.id(target) + " is " + describe(adjoints[target]);
    }

    private String atInputs(int node) {
        int[] in = graph.distinctInputs(node);
        StringBuilder at = new StringBuilder();
        for (int i : in) {
            if (!values[i].isScalar()) {
                return "";
            }
            at.append(at.length() == 0 ? " at " : ", ").append(graph.id(i)).append(" = ").append(Literal.format(values[i].item()));
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
        return values[node];
    }

    /** d output / d node, or null where nothing was differentiated (constants, inputs outside wrt). */
    public Tensor gradient(int node) {
        if (!differentiated[node]) {
            return null;
        }
        return adjoints[node] != null ? adjoints[node] : Tensor.zerosLike(values[node]);
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
            args[i] = values[in[i]].item();
        }
        double y = values[consumer].item();
        double[] partials = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            if (differentiated[in[i]]) {
                partials[i] = graph.op(consumer).partial(i, args, y);
            }
        }
        return partials;
    }
}
