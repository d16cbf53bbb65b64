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
final class Simplifier implements Nodes {

    /** Longest folded literal: longer ones ({@code 0.6931471805599453}) read better as the expression that made them. */
    private static final int MAX_FOLDED_LENGTH = 8;

    private final Graph.Builder builder;
    /** Per node: its op (null for inputs and constants), inputs, and value if constant (else NaN with {@code isConstant} false). */
    private final List<Op> ops = new ArrayList<>();
    private final List<int[]> inputs = new ArrayList<>();
    private final List<Double> constants = new ArrayList<>();

    Simplifier(Graph.Builder builder) {
        this.builder = builder;
    }

    Graph.Builder builder() {
        return builder;
    }

    int input(String id) {
        return record(builder.input(id), null, null, null);
    }

    /** A constant with its own id ({@code pi}, {@code e}, {@code 0.25}), as the source wrote it. */
    int constant(String id, double value) {
        return record(builder.constant(id, value), null, null, value);
    }

    @Override
    public int constant(double value) {
        double v = value == 0.0 ? 0.0 : value; // -0.0 prints as 0 and must be the same node
        return constant(Literal.format(v), v);
    }

    @Override
    public int apply(Op op, int... in) {
        if (op.isElementwise()) {
            Integer folded = fold(op, in);
            if (folded != null) {
                return folded;
            }
            Integer simpler = simplify(op, in);
            if (simpler != null) {
                return simpler;
            }
        }
        return record(builder.apply(op, in), op, in, null);
    }

    /** Σ terms: constants added up, a term appearing k times written k * term, zeros dropped. */
    int sum(List<Integer> terms) {
        if (terms.size() == 1) { // most nodes have one consumer: nothing to add up
            return terms.get(0);
        }
        double constant = 0.0;
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int t : terms) {
            Double c = constantValue(t);
            if (c != null) {
                constant += c;
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
        return record(builder.apply(Op.ADD, in), Op.ADD, in, null); // already simplified: no second pass
    }

    Double constantValue(int node) {
        return constants.get(node);
    }

    private boolean isConstant(int node, double value) {
        Double c = constants.get(node);
        return c != null && c == value;
    }

    private Op opOf(int node) {
        return ops.get(node);
    }

    private Integer fold(Op op, int[] in) {
        for (int i : in) {
            if (constants.get(i) == null) {
                return null;
            }
        }
        double[] a = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            Double c = constants.get(in[i]);
            if (c == null) {
                return null;
            }
            a[i] = c;
        }
        double v = op.value(a);
        return isShortLiteral(v) ? constant(v) : null;
    }

    private static boolean isWhole(Double c) {
        return c != null && c == Math.rint(c) && Math.abs(c) < 1e6;
    }

    private static boolean isShortLiteral(double v) {
        if (!Double.isFinite(v)) {
            return false;
        }
        String text = Literal.format(v);
        return text.length() <= MAX_FOLDED_LENGTH && text.indexOf('E') < 0;
    }

    /** A simpler node computing the same, or null to build {@code op(in)} as it is. */
    private Integer simplify(Op op, int[] in) {
        switch (op) {
            case IDENTITY:
                return in[0];
            case ADD: {
                List<Integer> terms = new ArrayList<>(in.length);
                for (int i : in) {
                    terms.add(i);
                }
                return sum(terms);
            }
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
                    return apply(Op.ADD, in[0], inputs.get(in[1])[0]);
                }
                return null;
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
                    return apply(Op.NEG, apply(Op.MUL, inputs.get(a)[0], b));
                }
                if (opOf(b) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.MUL, a, inputs.get(b)[0]));
                }
                if (constants.get(b) != null && constants.get(a) == null) { // constants first: 2 * x
                    return apply(Op.MUL, b, a);
                }
                if (constants.get(a) != null && opOf(b) == Op.MUL && constants.get(inputs.get(b)[0]) != null) {
                    Integer c = fold(Op.MUL, new int[] {a, inputs.get(b)[0]}); // 2 * (3 * x) = 6 * x
                    if (c != null) {
                        return apply(Op.MUL, c, inputs.get(b)[1]);
                    }
                }
                if (constants.get(a) == null && opOf(b) == Op.MUL && constants.get(inputs.get(b)[0]) != null) {
                    return apply(Op.MUL, apply(Op.MUL, inputs.get(b)[0], a), inputs.get(b)[1]); // a * (2 * b) = 2 * a * b
                }
                if (a == b) {
                    return apply(Op.POW, a, constant(2));
                }
                if (opOf(b) == Op.DIV && isConstant(inputs.get(b)[0], 1.0)) { // a * (1 / b) = a / b
                    return apply(Op.DIV, a, inputs.get(b)[1]);
                }
                if (opOf(a) == Op.DIV && isConstant(inputs.get(a)[0], 1.0)) { // (1 / a) * b = b / a
                    return apply(Op.DIV, b, inputs.get(a)[1]);
                }
                return null;
            }
            case DIV:
                if (isConstant(in[1], 1.0)) {
                    return in[0];
                }
                if (isConstant(in[0], 0.0)) {
                    return constant(0.0);
                }
                if (opOf(in[0]) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.DIV, inputs.get(in[0])[0], in[1]));
                }
                if (opOf(in[1]) == Op.NEG) {
                    return apply(Op.NEG, apply(Op.DIV, in[0], inputs.get(in[1])[0]));
                }
                return null;
            case POW:
                if (isConstant(in[1], 1.0)) {
                    return in[0];
                }
                if (isConstant(in[1], 0.0)) {
                    return constant(1.0);
                }
                if (opOf(in[0]) == Op.POW && isWhole(constants.get(in[1])) && isWhole(constants.get(inputs.get(in[0])[1]))) {
                    Integer product = fold(Op.MUL, new int[] {inputs.get(in[0])[1], in[1]}); // (x^2)^3 = x^6
                    if (product != null) {
                        return apply(Op.POW, inputs.get(in[0])[0], product);
                    }
                }
                return null;
            case NEG:
                if (opOf(in[0]) == Op.NEG) {
                    return inputs.get(in[0])[0];
                }
                return null;
            default:
                return null;
        }
    }

    /** Notes what a node is, the first time the builder hands it out (a shared node keeps its first record). */
    private int record(int node, Op op, int[] in, Double constant) {
        while (ops.size() <= node) {
            ops.add(null);
            inputs.add(null);
            constants.add(null);
        }
        if (ops.get(node) == null && inputs.get(node) == null && constants.get(node) == null) {
            ops.set(node, op);
            inputs.set(node, in == null ? new int[0] : in.clone());
            constants.set(node, constant);
        }
        return node;
    }
}
