package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Nodes} over a {@link Graph.Builder} that simplifies as it builds, the way a person
 * writes a derivative: constants folded (when the result is a short literal that reads back as the
 * same double, so {@code 2 * 3} is {@code 6} but {@code log(2)} stays {@code log(2)}), {@code x * 1},
 * {@code 1 * x}, {@code 0 + x}, {@code x - 0}, {@code x / 1}, {@code x^1}, {@code x^0}, {@code --x}
 * and {@code x * 0} gone, signs pulled out of products, {@code t + t} as {@code 2 * t},
 * {@code x * x} as {@code x^2}, constants written first in products. {@code log(e)} with the
 * constant e folds to 1, so {@code e^x} differentiates to {@code e^x}. Identical nodes are shared by
 * the builder.
 *
 * <p>Like every computer-algebra system, {@code x * 0 = 0} and {@code x - x = 0} ignore that x may
 * be infinite or NaN: formulas describe the function where it is finite.
 *
 * <p>Tensors: every rewrite keeps the node's shape. The inputs come with their shapes, so each
 * elementwise node's shape is known before it is simplified; a rewrite whose result is smaller
 * ({@code x * 0} is the scalar 0 when x is a vector) is broadcast back to that shape. A
 * <em>broadcast node</em> is a scalar or a row spread over a larger shape, built as
 * {@code s * [1, 1, 1]} (ones as a literal up to {@value #MAX_LITERAL_ELEMENTS} elements, else
 * {@code like^0}) or, for a constant, as the literal {@code [0, 0, 0]}; an elementwise op reads it as
 * its source s wherever numpy's broadcasting gives the same value ({@code 2 * x * (g * [1, 1])} is
 * {@code 2 * g * x}), so ones appear only where something must carry the shape. The nodes the
 * reverse sweep builds and the language cannot write become the language's: {@code spread(g)} is
 * such a broadcast (along rows: {@code outer(g, [1, 1])}), {@code reduce_to(c)} is {@code sum(c)}
 * or {@code sum(c, 0)}, {@code place(g at i)} is {@code g * [0, 1, 0]} (a one-hot literal).
 */
final class Simplifier implements GradientGraph.Builder {

    /** Ones and constant fills of at most this many elements are written as literals ({@code [1, 1, 1]}). */
    static final int MAX_LITERAL_ELEMENTS = 16;

    /** Longest folded literal: longer ones ({@code 0.6931471805599453}) read better as the expression that made them. */
    private static final int MAX_FOLDED_LENGTH = 8;

    private final Graph.Builder builder;
    /** Per node, as the builder first handed it out: its op (null for inputs and constants), its inputs, and whether it is a constant and of what value. */
    private Op[] ops = new Op[64];
    private int[][] inputs = new int[64][];
    private boolean[] isConst = new boolean[64];
    private double[] constantValues = new double[64];
    private boolean[] recorded = new boolean[64];
    /** Per node: for a broadcast node, the scalar or row it spreads (else -1); for a ones node, the constant 1. */
    private int[] source = filled(64);
    /** Per node: the ones it is multiplied by, for a broadcast node built as {@code s * ones} (else -1). */
    private int[] onesFactor = filled(64);

    private final Map<Double, Integer> constantsByValue = new java.util.HashMap<>();
    /** Whether any node so far is a vector or a matrix: until then every node is a number, and the rules for numbers apply as they are. */
    private boolean tensors;

    private final Deadline deadline;

    Simplifier(Graph.Builder builder) {
        this(builder, Deadline.NONE);
    }

    Simplifier(Graph.Builder builder, Deadline deadline) {
        this.builder = builder;
        this.deadline = deadline;
    }

    Graph.Builder builder() {
        return builder;
    }

    /** A scalar variable. */
    public int input(String id) {
        return input(id, Shapes.SCALAR);
    }

    @Override
    public int input(String id, int[] shape) {
        tensors |= shape != null && shape.length > 0;
        return record(builder.input(id, shape), null, null, false, 0.0); // null: unknown (a network's), so the rules for numbers
    }

    @Override
    public int[] shape(int node) {
        return builder.shape(node);
    }

    /** A constant with its own id ({@code pi}, {@code e}, {@code 0.25}), as the source wrote it. */
    @Override
    public int constant(String id, double value) {
        return record(builder.constant(id, value), null, null, true, value);
    }

    @Override
    public int constant(double value) {
        double v = value == 0.0 ? 0.0 : value; // -0.0 prints as 0 and must be the same node
        // by value, so the 1 of every sum's partial is not printed and hashed as "1" each time
        return constantsByValue.computeIfAbsent(v, c -> constant(Literal.format(c), c));
    }

    @Override
    public int apply(Op op, int... in) {
        return apply(op, null, in);
    }

    @Override
    public int apply(Op op, int[] attrs, int... in) {
        if (op.isElementwise()) {
            if (!tensors) {
                return scalarRules(op, in); // numbers only: no shape to keep
            }
            int[] want = elementwiseShape(op, in);
            if (want == null) {
                return scalarRules(op, in); // shapes unknown: the rules as written for numbers
            }
            int[] stripped = stripped(in);
            int r = scalarRules(op, stripped);
            return fit(r, want, widest(in));
        }
        int rewritten = switch (op) {
            case SPREAD -> spread(in[0], in[1], attrs);
            case REDUCE_TO -> reduceTo(in[0], in[1]);
            case PLACE -> place(in[0], in[1], attrs);
            case SUM -> sumOfBroadcast(in[0], attrs);
            case INDEX -> indexOf(in[0], attrs);
            default -> -1;
        };
        return rewritten >= 0 ? rewritten : raw(op, attrs, in);
    }

    /** The old rules: fold, simplify, else build {@code op(in)} as it is. */
    private int scalarRules(Op op, int[] in) {
        int folded = fold(op, in);
        if (folded >= 0) {
            return folded;
        }
        int simpler = simplify(op, in);
        if (simpler >= 0) {
            return simpler;
        }
        return raw(op, null, in);
    }

    private int raw(Op op, int[] attrs, int[] in) {
        int node = record(builder.apply(op, attrs, in), op, in, false, 0.0, attrs);
        if (!tensors && !op.isElementwise()) { // a literal [x, y] of numbers is a vector
            int[] shape = builder.shape(node);
            tensors = shape == null || shape.length > 0;
        }
        return node;
    }

    /** The shape of an elementwise {@code op(in)}, or null when some input's shape is unknown. */
    private int[] elementwiseShape(Op op, int[] in) {
        int[][] shapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = builder.shape(in[i]);
            if (shapes[i] == null) {
                return null;
            }
        }
        return op.shape(shapes, null);
    }

    /** The inputs with each broadcast node replaced by what it spreads: numpy's broadcasting spreads it again. */
    private int[] stripped(int[] in) {
        int[] out = in;
        for (int i = 0; i < in.length; i++) {
            if (source[in[i]] >= 0) {
                if (out == in) {
                    out = in.clone();
                }
                out[i] = source[in[i]];
            }
        }
        return out;
    }

    /** The input of highest rank (its shape is the elementwise result's). */
    private int widest(int[] in) {
        int best = in[0];
        for (int i : in) {
            if (builder.shape(i).length > builder.shape(best).length) {
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code r}, of the shape {@code want}: as it is when it has that shape, else broadcast to it
     * (a rewrite found something smaller: {@code x * 0} is 0). {@code like} has the shape {@code want}.
     */
    private int fit(int r, int[] want, int like) {
        int[] has = builder.shape(r);
        if (has == null || java.util.Arrays.equals(has, want)) {
            return r;
        }
        int spread = broadcastTo(r, want, like); // like has the shape: never -1 here
        if (spread < 0) {
            throw new IllegalStateException("no node of shape " + Shapes.format(want) + " to broadcast to");
        }
        return spread;
    }

    /** {@code r} (a scalar, or a row [n] for want [m, n]) spread over the shape {@code want}, as a broadcast node. */
    private int broadcastTo(int r, int[] want, int like) {
        if (isConst[r]) {
            return fill(r, want, like);
        }
        int ones = ones(want, like);
        if (ones < 0) {
            return -1;
        }
        int node = record(builder.apply(Op.MUL, r, ones), Op.MUL, new int[] {r, ones}, false, 0.0, null);
        markBroadcast(node, r, ones);
        return node;
    }

    /** The constant {@code c} at every element of the shape {@code want}: a literal when small, else {@code c * ones}. */
    private int fill(int c, int[] want, int like) {
        if (constantValues[c] == 1.0) {
            return ones(want, like);
        }
        if (Tensor.sizeOf(want) > MAX_LITERAL_ELEMENTS) {
            int ones = ones(want, like);
            if (ones < 0) {
                return -1;
            }
            int node = record(builder.apply(Op.MUL, c, ones), Op.MUL, new int[] {c, ones}, false, 0.0, null);
            markBroadcast(node, c, ones);
            return node;
        }
        int node = literal(c, want);
        markBroadcast(node, c, -1);
        return node;
    }

    /** Ones of the shape {@code want}: {@code [1, 1, 1]} when small, else {@code like^0} (1 at every element, even an infinite one). */
    private int ones(int[] want, int like) {
        if (like < 0 && Tensor.sizeOf(want) > MAX_LITERAL_ELEMENTS) {
            return -1; // nothing of that shape at hand to write like^0 with: the caller keeps its node
        }
        if (like >= 0 && source[like] >= 0 && isConstant(source[like], 1.0) && java.util.Arrays.equals(builder.shape(like), want)) {
            return like;
        }
        if (like >= 0 && onesFactor[like] >= 0 && java.util.Arrays.equals(builder.shape(onesFactor[like]), want)) {
            return onesFactor[like];
        }
        int one = constant(1.0);
        int node;
        if (Tensor.sizeOf(want) <= MAX_LITERAL_ELEMENTS) {
            node = literal(one, want);
        } else {
            int zero = constant(0.0);
            node = record(builder.apply(Op.POW, like, zero), Op.POW, new int[] {like, zero}, false, 0.0, null);
        }
        markBroadcast(node, one, -1);
        return node;
    }

    /** The literal with the constant node {@code c} at every element of {@code shape} ([n] or [m, n]). */
    private int literal(int c, int[] shape) {
        int[] row = new int[shape[shape.length - 1]];
        java.util.Arrays.fill(row, c);
        int vector = raw(Op.LITERAL, null, row);
        if (shape.length == 1) {
            return vector;
        }
        int[] rows = new int[shape[0]];
        java.util.Arrays.fill(rows, vector);
        return raw(Op.LITERAL, null, rows);
    }

    private void markBroadcast(int node, int of, int ones) {
        if (source[node] < 0 && node != of) {
            source[node] = of;
            onesFactor[node] = ones;
        }
    }

    /** {@code g} spread over the shape of {@code like} (the adjoint of a sum); along axis 1 of a matrix each g_i fills row i. */
    private int spread(int g, int like, int[] attrs) {
        int[] target = builder.shape(like);
        int[] has = builder.shape(g);
        if (target == null || has == null) {
            return -1;
        }
        if (java.util.Arrays.equals(target, has)) {
            return g;
        }
        boolean rows = attrs != null && attrs[0] == 1 && target.length == 2;
        if (!rows) {
            return broadcastTo(g, target, like);
        }
        int s = source[g] >= 0 ? source[g] : -1;
        if (s >= 0 && builder.shape(s).length == 0) { // a scalar spread twice
            return broadcastTo(s, target, like);
        }
        int row = target[1] <= MAX_LITERAL_ELEMENTS ? -1 : apply(Op.INDEX, new int[] {0}, like);
        return apply(Op.OUTER, g, ones(new int[] {target[1]}, row < 0 ? like : row));
    }

    /** A broadcast contribution summed back to the shape of {@code like}: {@code sum(c)} or {@code sum(c, 0)}. */
    private int reduceTo(int c, int like) {
        int[] target = builder.shape(like);
        int[] has = builder.shape(c);
        if (target == null || has == null) {
            return -1;
        }
        if (java.util.Arrays.equals(target, has)) {
            return c;
        }
        if (target.length == 0) {
            return apply(Op.SUM, null, c);
        }
        if (target.length == 1 && has.length == 2 && has[1] == target[0]) {
            return apply(Op.SUM, new int[] {0}, c);
        }
        return -1;
    }

    /** {@code g} at an index of a tensor shaped like {@code like}, zeros elsewhere: a product with a one-hot literal. */
    private int place(int g, int like, int[] attrs) {
        int[] target = builder.shape(like);
        if (target == null || attrs == null) {
            return -1;
        }
        if (target.length == 1) {
            return apply(Op.MUL, g, oneHot(target[0], attrs[0]));
        }
        if (attrs.length == 1) { // a row
            return apply(Op.OUTER, oneHot(target[0], attrs[0]), g);
        }
        return apply(Op.MUL, g, apply(Op.OUTER, oneHot(target[0], attrs[0]), oneHot(target[1], attrs[1])));
    }

    private int oneHot(int length, int at) {
        int[] parts = new int[length];
        java.util.Arrays.fill(parts, constant(0.0));
        parts[at] = constant(1.0);
        return raw(Op.LITERAL, null, parts);
    }

    /** The sum of a broadcast node, without its ones: {@code sum(g * [1, 1, 1])} is {@code 3 * g}. */
    private int sumOfBroadcast(int x, int[] attrs) {
        int s = source[x];
        int[] shape = builder.shape(x);
        if (s < 0 || shape == null || shape.length == 0) {
            return -1;
        }
        int[] inner = builder.shape(s);
        int axis = attrs == null ? -1 : attrs[0];
        if (axis < 0 || shape.length == 1) {
            int copies = Tensor.sizeOf(shape) / Tensor.sizeOf(inner);
            return apply(Op.MUL, constant(copies), inner.length == 0 ? s : apply(Op.SUM, null, s));
        }
        int m = shape[0];
        int n = shape[1];
        if (axis == 0) { // one row per column: m times the row
            return inner.length == 0 ? broadcastTo(apply(Op.MUL, constant(m), s), new int[] {n}, -1) : apply(Op.MUL, constant(m), s);
        }
        int perRow = inner.length == 0 ? apply(Op.MUL, constant(n), s) : apply(Op.SUM, null, s);
        return broadcastTo(perRow, new int[] {m}, -1);
    }

    /** {@code [a, b, c][1]} is b; an element or a row of a broadcast node is what it spreads. */
    private int indexOf(int x, int[] attrs) {
        if (attrs == null) {
            return -1;
        }
        if (ops[x] == Op.LITERAL) {
            int part = inputs[x][attrs[0]];
            return attrs.length == 1 ? part : apply(Op.INDEX, new int[] {attrs[1]}, part);
        }
        int s = source[x];
        int[] shape = builder.shape(x);
        if (s < 0 || shape == null) {
            return -1;
        }
        int[] inner = builder.shape(s);
        if (inner.length == 0) {
            return shape.length == 2 && attrs.length == 1 ? broadcastTo(s, new int[] {shape[1]}, -1) : s;
        }
        return attrs.length == 1 ? s : apply(Op.INDEX, new int[] {attrs[1]}, s); // s is a row of the matrix
    }

    /** Σ terms: constants added up, a term appearing k times written k * term, zeros dropped; of the terms' broadcast shape. */
    @Override
    public int sum(int[] terms, int count) {
        if (count == 1) { // most nodes have one consumer: nothing to add up
            return terms[0];
        }
        int[] t = java.util.Arrays.copyOf(terms, count);
        if (!tensors) {
            return sumRules(t);
        }
        int[] want = elementwiseShape(Op.ADD, t);
        if (want == null) {
            return sumRules(t);
        }
        return fit(sumRules(stripped(t)), want, widest(t));
    }

    private int sumRules(int[] terms) {
        int count = terms.length;
        double constant = 0.0;
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            int t = terms[k];
            if (isConst[t]) {
                constant += constantValues[t];
            } else {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<Integer> kept = new ArrayList<>(counts.size() + 1);
        counts.forEach((t, k) -> kept.add(k == 1 ? t : apply(Op.MUL, constant(k), t)));
        if (constant != 0.0 || kept.isEmpty()) {
            kept.add(constant(constant));
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        int[] in = kept.stream().mapToInt(Integer::intValue).toArray();
        return record(builder.apply(Op.ADD, in), Op.ADD, in, false, 0.0); // already simplified: no second pass
    }

    private boolean isConstant(int node, double value) {
        return isConst[node] && constantValues[node] == value;
    }

    private Op opOf(int node) {
        return ops[node];
    }

    /** The constant {@code op(in)} when every input is a constant and the result a short literal, else -1. */
    private int fold(Op op, int[] in) {
        for (int i : in) {
            if (!isConst[i]) {
                return -1;
            }
        }
        double[] a = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            a[i] = constantValues[in[i]];
        }
        double v = op.value(a);
        return isShortLiteral(v) ? constant(v) : -1;
    }

    private boolean isWhole(int node) {
        double c = constantValues[node];
        return isConst[node] && c == Math.rint(c) && Math.abs(c) < 1e6;
    }

    private static boolean isShortLiteral(double v) {
        if (!Double.isFinite(v)) {
            return false;
        }
        String text = Literal.format(v);
        return text.length() <= MAX_FOLDED_LENGTH && text.indexOf('E') < 0;
    }

    /** A simpler node computing the same, or -1 to build {@code op(in)} as it is. */
    private int simplify(Op op, int[] in) {
        switch (op) {
            case IDENTITY:
                return in[0];
            case ADD:
                return sum(in, in.length);
            case SUB:
                if (isConstant(in[1], 0.0)) {
                    return in[0];
                }
                if (isConstant(in[0], 0.0)) {
                    return apply(Op.NEG, in[1]);
                }
                if (in[0] == in[1]) {
                    return constant(0.0);
                }
                if (opOf(in[1]) == Op.NEG) { // a - (-b) = a + b
                    return apply(Op.ADD, in[0], inputs[in[1]][0]);
                }
                return -1;
            case MUL: {
                int a = in[0];
                int b = in[1];
                if (isConstant(a, 0.0) || isConstant(b, 0.0)) {
                    return constant(0.0);
                }
                if (isConstant(a, 1.0)) {
                    return b;
                }
                if (isConstant(b, 1.0)) {
                    return a;
                }
                if (isConstant(a, -1.0)) {
                    return apply(Op.NEG, b);
                }
                if (isConstant(b, -1.0)) {
                    return apply(Op.NEG, a);
                }
                if (opOf(a) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.MUL, inputs[a][0], b));
                }
                if (opOf(b) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.MUL, a, inputs[b][0]));
                }
                if (isConst[b] && !isConst[a]) { // constants first: 2 * x
                    return apply(Op.MUL, b, a);
                }
                if (isConst[a] && opOf(b) == Op.MUL && isConst[inputs[b][0]]) {
                    int c = fold(Op.MUL, new int[] {a, inputs[b][0]}); // 2 * (3 * x) = 6 * x
                    if (c >= 0) {
                        return apply(Op.MUL, c, inputs[b][1]);
                    }
                }
                if (!isConst[a] && opOf(b) == Op.MUL && isConst[inputs[b][0]]) {
                    return apply(Op.MUL, apply(Op.MUL, inputs[b][0], a), inputs[b][1]); // a * (2 * b) = 2 * a * b
                }
                if (a == b) {
                    return apply(Op.POW, a, constant(2));
                }
                if (opOf(b) == Op.DIV && isConstant(inputs[b][0], 1.0)) { // a * (1 / b) = a / b
                    return apply(Op.DIV, a, inputs[b][1]);
                }
                if (opOf(a) == Op.DIV && isConstant(inputs[a][0], 1.0)) { // (1 / a) * b = b / a
                    return apply(Op.DIV, b, inputs[a][1]);
                }
                return -1;
            }
            case DIV:
                if (isConstant(in[1], 1.0)) {
                    return in[0];
                }
                if (isConstant(in[0], 0.0)) {
                    return constant(0.0);
                }
                if (opOf(in[0]) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.DIV, inputs[in[0]][0], in[1]));
                }
                if (opOf(in[1]) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.DIV, in[0], inputs[in[1]][0]));
                }
                return -1;
            case POW:
                if (isConstant(in[1], 1.0)) {
                    return in[0];
                }
                if (isConstant(in[1], 0.0)) {
                    return constant(1.0);
                }
                if (opOf(in[0]) == Op.POW && isWhole(in[1]) && isWhole(inputs[in[0]][1])) {
                    int product = fold(Op.MUL, new int[] {inputs[in[0]][1], in[1]}); // (x^2)^3 = x^6
                    if (product >= 0) {
                        return apply(Op.POW, inputs[in[0]][0], product);
                    }
                }
                return -1;
            case NEG:
                if (opOf(in[0]) == Op.NEG) {
                    return inputs[in[0]][0];
                }
                return -1;
            default:
                return -1;
        }
    }

    /** Notes what a node is, the first time the builder hands it out (a shared node keeps its first record). */
    private int record(int node, Op op, int[] in, boolean constant, double value) {
        return record(node, op, in, constant, value, null);
    }

    private int record(int node, Op op, int[] in, boolean constant, double value, int[] attrs) {
        if ((node & 4095) == 4095) {
            deadline.check(); // an order-2 answer may build a few graphs of the node limit each
        }
        if (node >= recorded.length) {
            int size = Math.max(2 * recorded.length, node + 1);
            ops = java.util.Arrays.copyOf(ops, size);
            inputs = java.util.Arrays.copyOf(inputs, size);
            isConst = java.util.Arrays.copyOf(isConst, size);
            constantValues = java.util.Arrays.copyOf(constantValues, size);
            recorded = java.util.Arrays.copyOf(recorded, size);
            int old = source.length;
            source = java.util.Arrays.copyOf(source, size);
            onesFactor = java.util.Arrays.copyOf(onesFactor, size);
            java.util.Arrays.fill(source, old, size, -1);
            java.util.Arrays.fill(onesFactor, old, size, -1);
        }
        if (!recorded[node]) {
            recorded[node] = true;
            ops[node] = op;
            inputs[node] = in == null ? NO_INPUTS : in.clone();
            isConst[node] = constant;
            constantValues[node] = value;
        }
        return node;
    }

    private static final int[] NO_INPUTS = new int[0];

    private static int[] filled(int size) {
        int[] a = new int[size];
        java.util.Arrays.fill(a, -1);
        return a;
    }
}
