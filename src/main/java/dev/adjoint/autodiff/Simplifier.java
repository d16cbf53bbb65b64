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
 */
final class Simplifier implements GradientGraph.Builder {

    /** Longest folded literal: longer ones ({@code 0.6931471805599453}) read better as the expression that made them. */
    private static final int MAX_FOLDED_LENGTH = 8;

    private final Graph.Builder builder;
    /** Per node, as the builder first handed it out: its op (null for inputs and constants), its inputs, and whether it is a constant and of what value. */
    private Op[] ops = new Op[64];
    private int[][] inputs = new int[64][];
    private boolean[] isConst = new boolean[64];
    private double[] constantValues = new double[64];
    private boolean[] recorded = new boolean[64];
    private final Map<Double, Integer> constantsByValue = new java.util.HashMap<>();

    Simplifier(Graph.Builder builder) {
        this.builder = builder;
    }

    Graph.Builder builder() {
        return builder;
    }

    @Override
    public int input(String id) {
        return record(builder.input(id), null, null, false, 0.0);
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
        if (op.isElementwise()) {
            int folded = fold(op, in);
            if (folded >= 0) {
                return folded;
            }
            int simpler = simplify(op, in);
            if (simpler >= 0) {
                return simpler;
            }
        }
        return record(builder.apply(op, in), op, in, false, 0.0);
    }

    /** Σ terms: constants added up, a term appearing k times written k * term, zeros dropped. */
    @Override
    public int sum(int[] terms, int count) {
        if (count == 1) { // most nodes have one consumer: nothing to add up
            return terms[0];
        }
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
        if (node >= recorded.length) {
            int size = Math.max(2 * recorded.length, node + 1);
            ops = java.util.Arrays.copyOf(ops, size);
            inputs = java.util.Arrays.copyOf(inputs, size);
            isConst = java.util.Arrays.copyOf(isConst, size);
            constantValues = java.util.Arrays.copyOf(constantValues, size);
            recorded = java.util.Arrays.copyOf(recorded, size);
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
}
