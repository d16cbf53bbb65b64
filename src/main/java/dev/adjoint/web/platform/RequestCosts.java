package dev.adjoint.web.platform;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.network.Network;
import dev.adjoint.network.NetworkCost;
import dev.adjoint.network.TrainingPlan;
import dev.adjoint.network.Violation;
import dev.adjoint.web.admission.Cost;
import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.ExpressionRequest;
import dev.adjoint.web.expressions.InstanceRequest;
import dev.adjoint.web.networks.NetworkRequest;
import dev.adjoint.web.networks.NetworkRequests;
import dev.adjoint.web.networks.TrainRequest;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The cost model: what each request will cost, read off the parsed request before anything large
 * is allocated, and checked here against the limits that can be checked before computing (413).
 * The {@link dev.adjoint.web.admission.FrontDoor} admits the cost against the heap budget and
 * charges the rate limit by it. Limits that need the parse (nodes, depth) or the picture (edges,
 * spans) are checked where those are known, still before the large allocation they protect.
 *
 * <p>Bytes are peak heap estimates, calibrated on the real server (BENCHMARKS.md, "Hostile load"):
 * a 199 000-node expression with its full trace held about 1.3 KB a node live at its peak.
 */
@Component
public class RequestCosts {

    /** Heap a graph node holds from text to answer: parse, graph, both sweeps, trace and response records. */
    static final long BYTES_PER_NODE = 1_500;
    /** Per network parameter: the request's copy, the core's, its gradient and the gradient in the request's layout. */
    static final long BYTES_PER_PARAMETER = 40;
    /** Per activation element: value and adjoint in the sweeps, their copies in the answer, softmax and loss temporaries. */
    static final long BYTES_PER_ACTIVATION = 80;
    /**
     * Per element of a vector or matrix node: its value and adjoint, the sweep's contributions, the
     * trace's references and the answer's JSON numbers (about 20 characters each, as UTF-16 text).
     */
    static final long BYTES_PER_ELEMENT = 96;
    /** A request's fixed heap: its records, the answer's buffers. */
    static final long BASE_BYTES = 16_384;
    /** One rate-limit token per this many estimated bytes beyond the first (a plain request takes one). */
    static final long BYTES_PER_TOKEN = 1 << 20;
    /** One rate-limit token per this much training work (the default work limit is 20 tokens). */
    static final long WORK_PER_TOKEN = 100_000_000;
    /** Layout work per pair of boxes, in the units of training work (about a nanosecond each). */
    static final long LAYOUT_WORK_PER_BOX_PAIR = 1_000;

    private final LimitsProperties limits;

    RequestCosts(LimitsProperties limits) {
        this.limits = limits;
    }

    /**
     * An expression or program, before it is compiled: its nodes are at most its tokens (every node
     * is written with at least one token) plus its bindings, and at most the node limit. The
     * request's own field rules (one of expression or program, the bindings limit) are checked
     * first, so a bad request is refused before it waits for room; the text's length and the node
     * count are the compiler's to check, and an over-long text is estimated at the node limit.
     */
    public Cost expression(ExpressionRequest request) {
        request.validate(limits.maxBindings());
        long nodes = nodeBound(request);
        long elements = bindingElements(request); // vectors and matrices: the bindings now; intermediates are known once compiled (FrontDoor.resize)
        long verified = Boolean.TRUE.equals(request.verify()) ? (request.wrt() != null ? request.wrt().size() : request.bindingsOrEmpty().size()) : 0;
        return ofBytes(expressionBytes(nodes, elements), Math.min(2 * verified * nodes, limits.maxVerificationWork())); // CPU work: two sweeps a variable
    }

    /**
     * Central differences take two forward sweeps per variable, so {@code verify} on 10 000
     * bindings of a 200 000-node graph would be 4 x 10^9 node evaluations. Checked once the graph's
     * size is known, before the first sweep.
     */
    public static void checkVerification(long variables, long nodes, LimitsProperties limits) {
        long sweeps = Math.multiplyExact(2 * variables, nodes);
        if (sweeps > limits.maxVerificationWork()) {
            throw new LimitExceededException("verificationWork", limits.maxVerificationWork(), sweeps,
                    "verify probes each of " + variables + " variables with two sweeps of " + nodes + " nodes, " + sweeps
                            + " node evaluations; the limit is " + limits.maxVerificationWork() + ": verify fewer variables (wrt) or a smaller graph");
        }
    }

    /**
     * An SVG picture of an expression: as {@link #expression}, plus the layout's CPU work, taken as
     * quadratic in the boxes that can be drawn (a layered layout's worst case: every arrow spanning
     * every layer), so a picture of more than about 100 boxes takes the large lane (at most one per
     * core) while Example 1's picture stays in the small one. Sixteen 240-box layouts at once in
     * the small lane each ran past the deadline.
     */
    public Cost expressionPicture(ExpressionRequest request) {
        Cost cost = expression(request);
        String text = request.expression() != null ? request.expression() : request.program();
        long boxes = Math.min(tokenBound(text) + request.bindingsOrEmpty().size(), limits.maxDrawnNodes());
        return new Cost(cost.bytes(), cost.tokens(), boxes * boxes * LAYOUT_WORK_PER_BOX_PAIR);
    }

    /** A network's picture: three boxes a layer (W, u, z), laid out as above. */
    public Cost networkPicture(NetworkRequest request) {
        Cost cost = network(request);
        long boxes = Math.min(3L * (request.layers() == null ? 0 : request.layers().size()) + 3, limits.maxDrawnNodes());
        return new Cost(cost.bytes(), cost.tokens(), boxes * boxes * LAYOUT_WORK_PER_BOX_PAIR);
    }

    /**
     * What a higher-order request (API section 6) computes, in units of the expression it is about.
     *
     * @param live    copies of the graph's per-node data held at once: the graph and its sweep's
     *                arrays are 1; a gradient graph beside it, dual numbers with 16 lanes, or a
     *                second-derivative graph per row add theirs
     * @param sweeps  evaluations of the graph, each about a gradient's CPU work: a JVP 2 (values,
     *                then tangents), an HVP 4 (values, then forward over reverse, about 3 gradients),
     *                a Hessian 3 per variable element (one HVP a column), a Jacobian one per row or
     *                column, whichever side is smaller
     * @param numbers doubles of the answer beyond the expression's own (a Hessian's n², a Jacobian's entries)
     */
    public record Computed(long live, long sweeps, long numbers) {

        /** JVP: a tangent per node beside its value, one forward sweep after the values. */
        public static Computed jvp() {
            return new Computed(2, 2, 0);
        }

        /** H v: the values, then forward over reverse on dual numbers of one lane (about 3 gradients). */
        public static Computed hvp(long variableElements) {
            return new Computed(3, 4, variableElements);
        }

        /** The Hessian: n HVPs, 16 columns a sweep (dual numbers of 16 lanes live), the n x n matrix answered. */
        public static Computed hessian(long variableElements) {
            return new Computed(5, 1 + 3 * variableElements, variableElements * variableElements);
        }

        /** A Jacobian: min(rows, columns) sweeps, reverse or forward, and its rows x columns entries. */
        public static Computed jacobian(long outputElements, long variableElements) {
            return new Computed(2, 1 + Math.min(outputElements, variableElements), outputElements * variableElements);
        }

        /** Formulas: a simplified gradient graph (a few nodes a node) and its text; order 2 one more graph a row. */
        public static Computed derivative(int order, long rows) {
            long graphs = order >= 2 ? 1 + rows : 1;
            return new Computed(1 + 3 * graphs, 3 * graphs, 0);
        }
    }

    /** A double of an answer: the number, its JSON text (about 20 characters as UTF-16) and the list holding it. */
    static final long BYTES_PER_ANSWER_NUMBER = 56;

    /**
     * Higher order, before compiling: the expression's nodes and elements bounded as {@link
     * #expression} bounds them, scaled by what is computed ({@link Computed}). After compiling the
     * controller resizes the ticket to {@link #higherOrderBytes} of the real graph (and, for a
     * Jacobian, the real number of output elements).
     */
    public Cost higherOrder(ExpressionRequest request, Computed computed) {
        request.validate(limits.maxBindings());
        long elements = bindingElements(request);
        long nodes = nodeBound(request);
        long work = saturated(computed.sweeps(), nodes + elements);
        return ofBytes(higherOrderBytes(nodes, elements, computed), work);
    }

    /** Heap of a higher-order request over a graph of {@code nodes} nodes holding {@code elements} tensor elements. */
    public static long higherOrderBytes(long nodes, long elements, Computed computed) {
        long sum = saturated(expressionBytes(nodes, elements), computed.live()) + saturated(computed.numbers(), BYTES_PER_ANSWER_NUMBER);
        return sum < 0 ? Long.MAX_VALUE / 4 : sum;
    }

    /** The elements of the variables of wrt (all bindings without one): a Hessian's rows, a Jacobian's columns. */
    public static long variableElements(ExpressionRequest request) {
        long n = 0;
        for (Map.Entry<String, Binding> b : request.bindingsOrEmpty().entrySet()) {
            if (b.getValue() != null && (request.wrt() == null || request.wrt().contains(b.getKey()))) {
                n += b.getValue().elements(); // a number counts 1; an unreadable binding what was read of it (validation answers it)
            }
        }
        return n;
    }

    /** The nodes of the request's graph at most: its tokens (each node is written with one at least) and bindings, within the node limit. */
    private long nodeBound(ExpressionRequest request) {
        String text = request.expression() != null ? request.expression() : request.program();
        return Math.min(tokenBound(text), limits.maxNodes()) + request.bindingsOrEmpty().size();
    }

    private static long bindingElements(ExpressionRequest request) {
        long elements = 0;
        for (Binding b : request.bindingsOrEmpty().values()) {
            elements += b == null || b.isNumber() ? 0 : b.elements();
        }
        return elements;
    }

    /**
     * A per-student instance: the template's expression cost. Its draws are evaluated one at a
     * time, so the peak is one evaluation whatever the number of attempts.
     */
    public Cost instance(InstanceRequest request) {
        Map<String, Double> names = new LinkedHashMap<>(request.bindings() == null ? Map.of() : request.bindings());
        if (request.ranges() != null) {
            request.ranges().keySet().forEach(name -> names.put(name, 0.0));
        }
        return expression(new ExpressionRequest(request.expression(), request.program(), Binding.ofNumbers(names), request.wrt(), request.output(), false));
    }

    /**
     * An expression's heap from its nodes and the elements of its vector and matrix nodes: before
     * compiling from the text and the bindings, after it from the graph (the ticket is resized to it).
     */
    public static long expressionBytes(long nodes, long elements) {
        return BASE_BYTES + nodes * BYTES_PER_NODE + saturated(elements, BYTES_PER_ELEMENT);
    }

    /** A network gradient, check or picture: parameters and activations, checked against their limits. */
    public Cost network(NetworkRequest request) {
        Network network = NetworkRequests.network(request.weightLayout(), request.layers(), request.loss(), new ArrayList<>());
        int examples = request.examples() != null ? request.examples().size() : 1;
        NetworkCost cost = NetworkCost.of(network, examples);
        cost.check(limits.networkLimits(), examples);
        return ofBytes(networkBytes(cost), 0);
    }

    /** A training run: parameters, activations and work (epochs x examples x (parameters + widths) + per-layer cost). */
    public Cost training(TrainRequest request) {
        List<Violation> ignored = new ArrayList<>(); // validation reports them, after the limits
        Network network = NetworkRequests.network(request.weightLayout(), request.layers(), request.loss(), ignored);
        int examples = request.examples() == null ? 0 : request.examples().size();
        TrainingPlan plan = new TrainingPlan(1, request.epochs() == null ? 0 : request.epochs(),
                request.batchSize() == null ? 1 : request.batchSize(), false, 0, false);
        NetworkCost cost = NetworkCost.ofTraining(network, examples, plan);
        cost.check(limits.networkLimits(), examples);
        return ofBytes(networkBytes(cost), cost.trainingWork());
    }

    private static long networkBytes(NetworkCost cost) {
        return BASE_BYTES + saturated(cost.parameters(), BYTES_PER_PARAMETER) + saturated(cost.activations(), BYTES_PER_ACTIVATION);
    }

    private static Cost ofBytes(long bytes, long work) {
        return new Cost(bytes, 1 + bytes / BYTES_PER_TOKEN + work / WORK_PER_TOKEN, work);
    }

    /**
     * An upper bound on the tokens of {@code text}: a name or number run counts once, every other
     * non-space character once. Linear and allocation-free, so it is safe on a megabyte of text.
     */
    static long tokenBound(String text) {
        if (text == null) {
            return 0;
        }
        long tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean word = Character.isLetterOrDigit(c) || c == '_' || c == '.';
            if (word) {
                if (!inWord) {
                    tokens++;
                }
            } else if (!Character.isWhitespace(c)) {
                tokens++;
            }
            inWord = word;
        }
        return tokens;
    }

    private static long saturated(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE / 4;
        }
    }
}
