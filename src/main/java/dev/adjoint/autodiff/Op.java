package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The op table: each op's name, arity, value, partial derivatives and printed form, side by side,
 * so that a reader checks a rule without leaving the entry and a new op is one new entry.
 *
 * <p>The rules are written for one element ({@link #value}, {@link #partial}); the tensor-level
 * {@link #forward} and {@link #vjp} apply them element by element. Ops that are not elementwise
 * (matrix products, losses) override those two.
 *
 * <p>Printed partials use the input ids as atoms ({@code "-a / b^2"} for the second input of
 * {@code a / b}); ids never need parentheses because they are names or unsigned numbers.
 */
public enum Op {

    /** n-ary sum: a chain {@code d + e + f} is one node, as in the lecture note. */
    ADD("add", -1 /* VARIADIC: a static field cannot be named here */, Notation.OPERATOR) {
        double value(double[] a) {
            double sum = a[0];
            for (int i = 1; i < a.length; i++) {
                sum += a[i];
            }
            return sum;
        }
        double partial(int i, double[] a, double y) { return 1.0; }
        String partialText(int i, String[] ids) { return "1"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(1); }
        String infix(String[] ids) { return String.join(" + ", ids); }
    },
    SUB("sub", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] - a[1]; }
        double partial(int i, double[] a, double y) { return i == 0 ? 1.0 : -1.0; }
        String partialText(int i, String[] ids) { return i == 0 ? "1" : "-1"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(slot == 0 ? 1 : -1); }
        String infix(String[] ids) { return ids[0] + " - " + ids[1]; }
    },
    MUL("mul", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] * a[1]; }
        double partial(int i, double[] a, double y) { return a[1 - i]; }
        String partialText(int i, String[] ids) { return ids[1 - i]; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return in[1 - slot]; }
        String infix(String[] ids) { return ids[0] + " * " + ids[1]; }
    },
    DIV("div", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] / a[1]; }
        double partial(int i, double[] a, double y) { return i == 0 ? 1.0 / a[1] : -a[0] / (a[1] * a[1]); }
        String partialText(int i, String[] ids) { return i == 0 ? "1 / " + ids[1] : "-" + ids[0] + " / " + ids[1] + "^2"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return slot == 0 ? b.apply(DIV, b.constant(1), in[1]) : b.apply(NEG, b.apply(DIV, in[0], b.apply(POW, in[1], b.constant(2)))); }
        String infix(String[] ids) { return ids[0] + " / " + ids[1]; }
    },
    /**
     * {@code a^b}. The partial for the base needs no log, so {@code x^2} at x = -3 is -6; the sweep
     * asks for the exponent's partial (which has {@code log(a)}) only when a variable flows into it.
     * At b = 0 the base partial is 0, and at a = 0 with b >= 0 the exponent partial is 0 (their
     * limits; PyTorch does the same).
     *
     * <p>The value is IEEE 754's pow (C99, numpy and PyTorch agree), which differs from Java's
     * {@link Math#pow} in two places: {@code pow(1, b)} is 1 for every b, NaN included, and
     * {@code pow(-1, ±Infinity)} is 1. The partials use that same pow, so at a = 1 the exponent
     * partial is {@code 1 · log(1) = 0} (1^b does not change with b) and the base partial is
     * {@code b · 1^(b - 1) = b}: NaN for a NaN exponent, ±Infinity for an infinite one, as PyTorch
     * gives. At a = -1 with b infinite the exponent partial is {@code 1 · log(-1)}, NaN: (-1)^b has
     * no derivative in b.
     */
    POW("pow", 2, Notation.OPERATOR) {
        double value(double[] a) { return ieeePow(a[0], a[1]); }
        double partial(int i, double[] a, double y) {
            if (i == 0) {
                return a[1] == 0.0 ? 0.0 : a[1] * ieeePow(a[0], a[1] - 1.0);
            }
            return a[0] == 0.0 && a[1] >= 0.0 ? 0.0 : y * Math.log(a[0]);
        }
        String partialText(int i, String[] ids) {
            if (i == 1) {
                return ids[0] + "^" + ids[1] + " * log(" + ids[0] + ")";
            }
            if (NUMBER.matcher(ids[1]).matches()) { // x^3 prints its partial as 3 * x^2, not 3 * x^(3 - 1)
                double lowered = Double.parseDouble(ids[1]) - 1.0;
                if (lowered == 0.0) {
                    return ids[1];
                }
                String power = lowered == 1.0 ? "" : "^" + (lowered < 0 ? "(" + Literal.format(lowered) + ")" : Literal.format(lowered));
                return ids[1] + " * " + ids[0] + power;
            }
            return ids[1] + " * " + ids[0] + "^(" + ids[1] + " - 1)";
        }
        int partialNode(int slot, int[] in, int y, Nodes b) { return slot == 0 ? b.apply(MUL, in[1], b.apply(POW, in[0], b.apply(SUB, in[1], b.constant(1)))) : b.apply(MUL, y, b.apply(LOG, in[0])); }
        String infix(String[] ids) { return ids[0] + "^" + ids[1]; }
    },
    NEG("neg", 1, Notation.OPERATOR) {
        double value(double[] a) { return -a[0]; }
        double partial(int i, double[] a, double y) { return -1.0; }
        String partialText(int i, String[] ids) { return "-1"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(-1); }
        String infix(String[] ids) { return "-" + ids[0]; }
    },
    /** A named copy: a program line {@code c = b} gives {@code c} its own node. */
    IDENTITY("identity", 1, Notation.OPERATOR) {
        double value(double[] a) { return a[0]; }
        double partial(int i, double[] a, double y) { return 1.0; }
        String partialText(int i, String[] ids) { return "1"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(1); }
        String infix(String[] ids) { return ids[0]; }
    },
    EXP("exp", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.exp(a[0]); }
        double partial(int i, double[] a, double y) { return y; }
        String partialText(int i, String[] ids) { return call("exp", ids[0]); }
        String partialText(int i, String[] ids, String out) { return out; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return y; }
    },
    LOG("log", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / a[0]; }
        String partialText(int i, String[] ids) { return "1 / " + ids[0]; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), in[0]); }
    },
    /**
     * log base 2. ln(a) / ln(2) is off by an ulp for 441 of the 2098 powers of two (log2(2^29) would
     * be 29.000000000000004), so an exact power of two, normal or subnormal, gives its exponent
     * exactly; anything else is ln(a) / ln(2).
     */
    LOG2("log2", 1, Notation.FUNCTION) {
        double value(double[] a) {
            double x = a[0];
            if (x > 0.0 && x < Double.POSITIVE_INFINITY) {
                boolean subnormal = x < Double.MIN_NORMAL;
                double scaled = subnormal ? x * TWO_TO_THE_54 : x; // exact: a subnormal times 2^54 is normal
                int exponent = Math.getExponent(scaled);
                if (scaled == Math.scalb(1.0, exponent)) {
                    return subnormal ? exponent - 54 : exponent;
                }
            }
            return Math.log(x) / LN2;
        }
        double partial(int i, double[] a, double y) { return 1.0 / (a[0] * LN2); }
        String partialText(int i, String[] ids) { return "1 / (" + ids[0] + " * log(2))"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), b.apply(MUL, in[0], b.apply(LOG, b.constant(2)))); }
    },
    LOG10("log10", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log10(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (a[0] * LN10); }
        String partialText(int i, String[] ids) { return "1 / (" + ids[0] + " * log(10))"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), b.apply(MUL, in[0], b.apply(LOG, b.constant(10)))); }
    },
    SQRT("sqrt", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sqrt(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (2.0 * y); }
        String partialText(int i, String[] ids) { return "1 / (2 * " + call("sqrt", ids[0]) + ")"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), b.apply(MUL, b.constant(2), y)); }
    },
    /** At the kink abs'(0) = 0 (the subgradient PyTorch and JAX pick too). */
    ABS("abs", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.abs(a[0]); }
        double partial(int i, double[] a, double y) { return Math.signum(a[0]); }
        String partialText(int i, String[] ids) { return call("sign", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(SIGN, in[0]); }
    },
    SIN("sin", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sin(a[0]); }
        double partial(int i, double[] a, double y) { return Math.cos(a[0]); }
        String partialText(int i, String[] ids) { return call("cos", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(COS, in[0]); }
    },
    COS("cos", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.cos(a[0]); }
        double partial(int i, double[] a, double y) { return -Math.sin(a[0]); }
        String partialText(int i, String[] ids) { return "-" + call("sin", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(NEG, b.apply(SIN, in[0])); }
    },
    TAN("tan", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.tan(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 + y * y; }
        String partialText(int i, String[] ids) { return "1 + " + call("tan", ids[0]) + "^2"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(ADD, b.constant(1), b.apply(POW, y, b.constant(2))); }
    },
    ASIN("asin", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.asin(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / Math.sqrt(1.0 - a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "1 / sqrt(1 - " + ids[0] + "^2)"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), b.apply(SQRT, b.apply(SUB, b.constant(1), b.apply(POW, in[0], b.constant(2))))); }
    },
    ACOS("acos", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.acos(a[0]); }
        double partial(int i, double[] a, double y) { return -1.0 / Math.sqrt(1.0 - a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "-1 / sqrt(1 - " + ids[0] + "^2)"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(NEG, b.apply(DIV, b.constant(1), b.apply(SQRT, b.apply(SUB, b.constant(1), b.apply(POW, in[0], b.constant(2)))))); }
    },
    ATAN("atan", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.atan(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (1.0 + a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "1 / (1 + " + ids[0] + "^2)"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), b.apply(ADD, b.constant(1), b.apply(POW, in[0], b.constant(2)))); }
    },
    SINH("sinh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sinh(a[0]); }
        double partial(int i, double[] a, double y) { return Math.cosh(a[0]); }
        String partialText(int i, String[] ids) { return call("cosh", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(COSH, in[0]); }
    },
    COSH("cosh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.cosh(a[0]); }
        double partial(int i, double[] a, double y) { return Math.sinh(a[0]); }
        String partialText(int i, String[] ids) { return call("sinh", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(SINH, in[0]); }
    },
    TANH("tanh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.tanh(a[0]); }
        double partial(int i, double[] a, double y) { return tanhPartial(y); }
        String partialText(int i, String[] ids) { return "1 - " + call("tanh", ids[0]) + "^2"; }
        String partialText(int i, String[] ids, String out) { return "1 - " + out + "^2"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(SUB, b.constant(1), b.apply(POW, y, b.constant(2))); }
        Tensor forward(Tensor[] in) {
            if (in[0].isScalar()) {
                return super.forward(in);
            }
            double[] a = in[0].raw();
            double[] out = new double[a.length];
            TwoThreads.halves(a.length, (from, to) -> {
                for (int k = from; k < to; k++) {
                    out[k] = Math.tanh(a[k]);
                }
            });
            return Tensor.like(in[0], out);
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            if (y.isScalar() || !wanted[0]) {
                return super.vjp(in, y, g, wanted);
            }
            double[] ys = y.raw();
            double[] gs = g.raw();
            double[] out = new double[ys.length];
            for (int k = 0; k < ys.length; k++) {
                out[k] = gs[k] * tanhPartial(ys[k]);
            }
            return new Tensor[] {Tensor.like(g, out)};
        }
    },
    SIGMOID("sigmoid", 1, Notation.FUNCTION) {
        double value(double[] a) { return sigmoid(a[0]); }
        double partial(int i, double[] a, double y) { return sigmoidPartial(y); }
        String partialText(int i, String[] ids) {
            String s = call("sigmoid", ids[0]);
            return s + " * (1 - " + s + ")";
        }
        String partialText(int i, String[] ids, String out) { return out + " * (1 - " + out + ")"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(MUL, y, b.apply(SUB, b.constant(1), y)); }
        /**
         * A network's hidden layer: the value's formula in one loop (the generic loop gathers and calls per
         * element), a large one split between two cores ({@link TwoThreads}: elementwise, so the same bits).
         */
        Tensor forward(Tensor[] in) {
            if (in[0].isScalar()) {
                return super.forward(in);
            }
            double[] a = in[0].raw();
            double[] out = new double[a.length];
            TwoThreads.halves(a.length, (from, to) -> {
                for (int k = from; k < to; k++) {
                    out[k] = sigmoid(a[k]);
                }
            });
            return Tensor.like(in[0], out);
        }
        /** g · y(1 − y) per element, the same product {@link #chain} forms, in one loop. */
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            if (y.isScalar() || !wanted[0]) {
                return super.vjp(in, y, g, wanted);
            }
            double[] ys = y.raw();
            double[] gs = g.raw();
            double[] out = new double[ys.length];
            TwoThreads.halves(ys.length, (from, to) -> {
                for (int k = from; k < to; k++) {
                    out[k] = gs[k] * sigmoidPartial(ys[k]);
                }
            });
            return new Tensor[] {Tensor.like(g, out)};
        }
    },
    /**
     * At the kink relu'(0) = 0. Its backward is a selection, not a product (PyTorch's
     * threshold_backward, JAX's select): where a <= 0 the contribution is 0 even if g is infinite,
     * so atan(sqrt(relu(k))) at k < 0 has gradient 0, not NaN.
     */
    RELU("relu", 1, Notation.FUNCTION) {
        double value(double[] a) { return relu(a[0]); }
        double partial(int i, double[] a, double y) { return a[0] > 0.0 ? 1.0 : 0.0; }
        double chain(int i, double g, double[] a, double y) { return reluChain(g, a[0]); }
        String partialText(int i, String[] ids) { return call("step", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(STEP, in[0]); }
        Tensor forward(Tensor[] in) {
            if (in[0].isScalar()) {
                return super.forward(in);
            }
            double[] a = in[0].raw();
            double[] out = new double[a.length];
            for (int k = 0; k < a.length; k++) {
                out[k] = relu(a[k]);
            }
            return Tensor.like(in[0], out);
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            if (y.isScalar() || !wanted[0]) {
                return super.vjp(in, y, g, wanted);
            }
            double[] a = in[0].raw();
            double[] gs = g.raw();
            double[] out = new double[a.length];
            for (int k = 0; k < a.length; k++) {
                out[k] = reluChain(gs[k], a[k]);
            }
            return new Tensor[] {Tensor.like(g, out)};
        }
    },
    /** log(1 + e^a), computed without overflow for large a. */
    SOFTPLUS("softplus", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.max(a[0], 0.0) + Math.log1p(Math.exp(-Math.abs(a[0]))); }
        double partial(int i, double[] a, double y) { return 1.0 / (1.0 + Math.exp(-a[0])); }
        String partialText(int i, String[] ids) { return call("sigmoid", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(SIGMOID, in[0]); }
    },
    /** sign(a): -1, 0 or 1. Printed partials of abs use it; its own derivative is 0 (0 at the jump too). */
    SIGN("sign", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.signum(a[0]); }
        double partial(int i, double[] a, double y) { return 0.0; }
        String partialText(int i, String[] ids) { return "0"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(0); }
    },
    /** step(a): 1 for a > 0, else 0 (so step(0) = 0 = relu'(0)). Printed partials of relu use it. */
    STEP("step", 1, Notation.FUNCTION) {
        double value(double[] a) { return Double.isNaN(a[0]) ? a[0] : (a[0] > 0.0 ? 1.0 : 0.0); }
        double partial(int i, double[] a, double y) { return 0.0; }
        String partialText(int i, String[] ids) { return "0"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.constant(0); }
    },

    // ---- Tensor ops of the language (API.md section 5): a shape rule, the value and the VJP as
    // rules; the loops are Tensor's. {@code g} is the consumer's gradient, {@code y} its value. ----

    /** {@code a @ b}, numpy's rules: [m,k]@[k,n], [m,k]@[k], [k]@[k,n], and [k]@[k] (a dot product, a scalar). */
    MATRIX_PRODUCT("matmul", 2, Notation.TENSOR) {
        int[] shape(int[][] s, int[] attrs) { return productShape(s[0], s[1]); }
        Tensor forward(Tensor[] in) { return in[0].matmul(in[1], false); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) {
            boolean ma = b.shape(in[0]).length == 2;
            boolean mb = b.shape(in[1]).length == 2;
            if (slot == 0) {
                return ma ? (mb ? b.apply(MATRIX_PRODUCT, g, b.apply(TRANSPOSE, in[1])) : b.apply(OUTER, g, in[1]))
                        : (mb ? b.apply(MATRIX_PRODUCT, in[1], g) : b.apply(MUL, g, in[1]));
            }
            return mb ? (ma ? b.apply(TRANSPOSED_PRODUCT, in[0], g) : b.apply(OUTER, in[0], g))
                    : (ma ? b.apply(TRANSPOSED_PRODUCT, in[0], g) : b.apply(MUL, g, in[0]));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            Tensor a = in[0];
            Tensor b = in[1];
            boolean ma = a.rank() == 2;
            boolean mb = b.rank() == 2;
            return new Tensor[] {
                !wanted[0] ? null : ma ? (mb ? g.matmulTransposed(b) : g.outer(b)) : (mb ? b.matmul(g, false) : b.scale(g.item())),
                !wanted[1] ? null : mb ? (ma ? a.matmul(g, true) : a.outer(g)) : (ma ? a.matmul(g, true) : a.scale(g.item()))};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            boolean ma = s[0].length == 2;
            boolean mb = s[1].length == 2;
            if (i == 0) {
                return ma ? (mb ? g + " @ " + ids[1] + "'" : "outer(" + g + ", " + ids[1] + ")") : (mb ? ids[1] + " @ " + g : g + " * " + ids[1]);
            }
            return mb ? (ma ? ids[0] + "' @ " + g : "outer(" + ids[0] + ", " + g + ")") : (ma ? ids[0] + "' @ " + g : g + " * " + ids[0]);
        }
        String infix(String[] ids) { return ids[0] + " @ " + ids[1]; }
    },
    /**
     * {@code a' @ b}: the product with a transposed, without forming the transpose, so the note's
     * {@code u2 = alpha2' @ z1} is one node whose VJPs read as the note's: {@code alpha2 @ g_u2}
     * for z1 and {@code outer(z1, g_u2)} for alpha2.
     */
    TRANSPOSED_PRODUCT("matmul", 2, Notation.TENSOR) {
        int[] shape(int[][] s, int[] attrs) { return productShape(transposed(s[0]), s[1]); }
        Tensor forward(Tensor[] in) { return in[0].matmul(in[1], true); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) {
            boolean ma = b.shape(in[0]).length == 2;
            boolean mb = b.shape(in[1]).length == 2;
            if (slot == 0) {
                return ma ? (mb ? b.apply(MATRIX_PRODUCT, in[1], b.apply(TRANSPOSE, g)) : b.apply(OUTER, in[1], g))
                        : (mb ? b.apply(MATRIX_PRODUCT, in[1], g) : b.apply(MUL, g, in[1]));
            }
            return ma ? b.apply(MATRIX_PRODUCT, in[0], g) : (mb ? b.apply(OUTER, in[0], g) : b.apply(MUL, g, in[0]));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            Tensor a = in[0];
            Tensor b = in[1];
            boolean ma = a.rank() == 2;
            boolean mb = b.rank() == 2;
            return new Tensor[] {
                !wanted[0] ? null : ma ? (mb ? b.matmulTransposed(g) : b.outer(g)) : (mb ? b.matmul(g, false) : b.scale(g.item())),
                !wanted[1] ? null : ma ? a.matmul(g, false) : (mb ? a.outer(g) : a.scale(g.item()))};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            boolean ma = s[0].length == 2;
            boolean mb = s[1].length == 2;
            if (i == 0) {
                return ma ? (mb ? ids[1] + " @ " + g + "'" : "outer(" + ids[1] + ", " + g + ")") : (mb ? ids[1] + " @ " + g : g + " * " + ids[1]);
            }
            return ma ? ids[0] + " @ " + g : (mb ? "outer(" + ids[0] + ", " + g + ")" : g + " * " + ids[0]);
        }
        String infix(String[] ids) { return ids[0] + "' @ " + ids[1]; }
    },
    /**
     * {@code a @ b'} for matrices, without forming the transpose: a batch of examples (one per row of
     * a) through PyTorch's out_in weights b, {@code u = z @ W'}. VJPs: {@code g @ b} and {@code g' @ a}.
     * Built by networks only (their graphs take shapes from the data), so it has no shape rule; the
     * language's {@code A @ B'} is a transpose and a product.
     */
    PRODUCT_TRANSPOSED("matmul", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) { return in[0].matmulTransposed(in[1]); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return new Tensor[] {!wanted[0] ? null : g.matmul(in[1], false), !wanted[1] ? null : g.matmul(in[0], true)};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return i == 0 ? g + " @ " + ids[1] : g + "' @ " + ids[0];
        }
        String infix(String[] ids) { return ids[0] + " @ " + ids[1] + "'"; }
    },
    /** A matrix's transpose ({@code transpose(A)} or {@code A'}); a vector's is itself. */
    TRANSPOSE("transpose", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return transposed(s[0]); }
        Tensor forward(Tensor[] in) { return in[0].transpose(); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(TRANSPOSE, g); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) { return new Tensor[] {g.transpose()}; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return s[0].length == 2 ? g + "'" : g; }
        String infix(String[] ids) { return ids[0] + "'"; }
    },
    /** {@code sum(A)}: every element; {@code sum(A, 0)} collapses rows, {@code sum(A, 1)} columns (numpy's axis). */
    SUM("sum", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return reducedShape(this, s[0], attrs); }
        Tensor forward(Tensor[] in, int[] attrs) { return in[0].sum(axis(attrs)); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) { return b.apply(SPREAD, attrs, g, in[0]); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted, int[] attrs) {
            return new Tensor[] {g.spread(in[0].shape(), axis(attrs), 1.0)};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return spreadText(s[0], attrs, ids[0], g, ""); }
        String infix(String[] ids, int[] attrs) { return "sum(" + ids[0] + (attrs == null ? ")" : ", " + attrs[0] + ")"); }
    },
    /** {@code mean(A)}, {@code mean(A, 0)}, {@code mean(A, 1)}: {@link #SUM} divided by the number of elements summed. */
    MEAN("mean", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return reducedShape(this, s[0], attrs); }
        Tensor forward(Tensor[] in, int[] attrs) { return in[0].sum(axis(attrs)).scale(1.0 / counted(in[0].shape(), attrs)); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) {
            return b.apply(DIV, b.apply(SPREAD, attrs, g, in[0]), b.constant(counted(b.shape(in[0]), attrs)));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted, int[] attrs) {
            return new Tensor[] {g.spread(in[0].shape(), axis(attrs), 1.0 / counted(in[0].shape(), attrs))};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return spreadText(s[0], attrs, ids[0], g, " / " + counted(s[0], attrs));
        }
        String infix(String[] ids, int[] attrs) { return "mean(" + ids[0] + (attrs == null ? ")" : ", " + attrs[0] + ")"); }
    },
    /** Σ a_i b_i of two vectors of one length. */
    DOT("dot", 2, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) {
            if (s[0].length != 1 || s[1].length != 1 || s[0][0] != s[1][0]) {
                throw new ShapeException("dot(" + Shapes.format(s[0]) + ", " + Shapes.format(s[1]) + ") — dot takes two vectors of one length");
            }
            return Shapes.SCALAR;
        }
        Tensor forward(Tensor[] in) { return Tensor.scalar(in[0].dot(in[1])); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(MUL, g, in[1 - slot]); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return new Tensor[] {wanted[0] ? in[1].scale(g.item()) : null, wanted[1] ? in[0].scale(g.item()) : null};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return g + " * " + ids[1 - i]; }
    },
    /** a bᵀ: vectors [m] and [n] give [m, n]. */
    OUTER("outer", 2, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) {
            if (s[0].length != 1 || s[1].length != 1) {
                throw new ShapeException("outer(" + Shapes.format(s[0]) + ", " + Shapes.format(s[1]) + ") — outer takes two vectors");
            }
            return new int[] {s[0][0], s[1][0]};
        }
        Tensor forward(Tensor[] in) { return in[0].outer(in[1]); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return slot == 0 ? b.apply(MATRIX_PRODUCT, g, in[1]) : b.apply(MATRIX_PRODUCT, in[0], g); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return new Tensor[] {wanted[0] ? g.matmul(in[1], false) : null, wanted[1] ? in[0].matmul(g, false) : null};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return i == 0 ? g + " @ " + ids[1] : ids[0] + " @ " + g; }
    },
    /** The 2-norm of all elements. Its gradient x / ‖x‖ is taken as 0 at x = 0 (the subgradient PyTorch picks). */
    NORM("norm", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return Shapes.SCALAR; }
        Tensor forward(Tensor[] in) { return Tensor.scalar(in[0].norm()); }
        /** x·t / ‖x‖, and 0 at x = 0 (the gradient's choice there). */
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return Tensor.scalar(y.item() == 0.0 ? 0.0 : in[0].dot(t[0]) / y.item()); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(DIV, b.apply(MUL, g, in[0]), y); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            double n = y.item();
            return new Tensor[] {n == 0.0 ? Tensor.zerosLike(in[0]) : in[0].scale(g.item() / n)};
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return g + " * " + ids[0] + " / " + y; }
    },
    /** u − logsumexp(u), of a vector or of each row of a matrix; stable (finite for [1000, 0]). VJP per row: g − softmax(u) Σ_j g_j. */
    LOG_SOFTMAX("log_softmax", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return rows(this, s[0]); }
        Tensor forward(Tensor[] in) { return in[0].logSoftmaxRows(); }
        /** Per row: t − Σ_j softmax(u)_j t_j. */
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return t[0].plus(rowDots(y.map(Math::exp), t[0], true).scale(-1.0)); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(SUB, g, b.apply(MUL, b.apply(EXP, y), rowSums(g, y, b))); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) { return new Tensor[] {y.logSoftmaxRowsVjp(g)}; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return g + " - exp(" + y + ") * " + perRow(s[0], "sum(" + g + (s[0].length == 2 ? ", 1)" : ")"), y);
        }
    },
    /** log Σ e^u of a vector (a scalar), or of each row of a matrix (a vector); stable. VJP: g · softmax(u), row by row. */
    LOGSUMEXP("logsumexp", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return rows(this, s[0]).length == 2 ? new int[] {s[0][0]} : Shapes.SCALAR; }
        Tensor forward(Tensor[] in) { return in[0].logSumExpRows(); }
        /** Per row: Σ_j softmax(u)_j t_j. */
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return rowDots(in[0].softmaxRows(), t[0], false); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) {
            int spread = b.shape(in[0]).length == 2 ? b.apply(SPREAD, new int[] {1}, g, in[0]) : g;
            return b.apply(MUL, spread, b.apply(SOFTMAX, in[0]));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) { return new Tensor[] {in[0].logSumExpRowsVjp(g)}; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return perRow(s[0], g, ids[0]) + " * softmax(" + ids[0] + ")";
        }
    },
    /** {@code v[i]}, {@code A[i]} (row i), {@code A[i, j]}; 0-based. Its VJP is a selection: g placed at the index, zeros elsewhere. */
    INDEX("index", 1, Notation.TENSOR) {
        int[] shape(int[][] s, int[] attrs) {
            int[] a = s[0];
            if (a.length == 0 || attrs.length > a.length) {
                throw new ShapeException(Shapes.format(a) + " has " + (a.length == 0 ? "no axes: a scalar cannot be indexed"
                        : "one axis, so it takes one index, not " + attrs.length));
            }
            for (int d = 0; d < attrs.length; d++) {
                if (attrs[d] < 0 || attrs[d] >= a[d]) {
                    throw new ShapeException("index " + attrs[d] + " is out of range for " + Shapes.format(a)
                            + (a.length == 2 ? (d == 0 ? " (rows " : " (columns ") : " (elements ") + "0 to " + (a[d] - 1) + ")");
                }
            }
            return a.length == 2 && attrs.length == 1 ? new int[] {a[1]} : Shapes.SCALAR;
        }
        Tensor forward(Tensor[] in, int[] attrs) { return in[0].at(attrs); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return multilinearJvp(in, t, attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) { return b.apply(PLACE, attrs, g, in[0]); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted, int[] attrs) { return new Tensor[] {g.placedAt(in[0].shape(), attrs)}; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return Tensor.sizeOf(s[0]) > MAX_PRINTED_SELECTION ? g + " placed at " + ids[0] + Arrays.toString(attrs) + ", zeros elsewhere"
                    : g + " * " + oneHot(s[0], attrs);
        }
        String infix(String[] ids, int[] attrs) {
            return ids[0] + (attrs.length == 1 ? "[" + attrs[0] + "]" : "[" + attrs[0] + ", " + attrs[1] + "]");
        }
    },
    /** A literal {@code [a, b, c]}: scalars make a vector, vectors of one length make a matrix (one per row). */
    LITERAL("literal", -2 /* ONE_OR_MORE */, Notation.TENSOR) {
        int[] shape(int[][] s, int[] attrs) {
            for (int[] part : s) {
                if (part.length > 1 || !Arrays.equals(part, s[0])) {
                    throw new ShapeException("a literal's elements must be all numbers or all vectors of one length; here they are "
                            + String.join(", ", Arrays.stream(s).map(Shapes::format).toList()));
                }
            }
            return s[0].length == 0 ? new int[] {s.length} : new int[] {s.length, s[0][0]};
        }
        Tensor forward(Tensor[] in) { return Tensor.stack(in); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) {
            Tensor[] parts = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                parts[i] = t[i] == null ? Tensor.zerosLike(in[i]) : t[i];
            }
            return Tensor.stack(parts);
        }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(INDEX, new int[] {slot}, g); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            Tensor[] out = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = wanted[i] ? g.at(new int[] {i}) : null;
            }
            return out;
        }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return g + "[" + i + "]"; }
        String infix(String[] ids) { return "[" + String.join(", ", ids) + "]"; }
    },

    // ---- Ops the reverse sweep builds (Op#vjpNode) for tensor nodes, so a gradient is made of ops
    // with a value and a JVP and can be differentiated again (Hessian-vector products). Never in a
    // compiled program: they have no shape rule the language could reach. ----

    /** {@code g} (a sum's gradient) spread back over the shape of {@code like}: the adjoint of {@link #SUM} with the same axis (none: all). */
    SPREAD("spread", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in, int[] attrs) { return in[0].spread(in[1].shape(), axis(attrs), 1.0); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return t[0] == null ? Tensor.zerosLike(y) : t[0].spread(in[1].shape(), axis(attrs), 1.0); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) {
            if (slot != 0) {
                throw new UnsupportedOperationException("spread depends on its second input's shape only");
            }
            return b.apply(SUM, attrs, g);
        }
        String infix(String[] ids, int[] attrs) { return "spread(" + ids[0] + " over " + ids[1] + (attrs == null ? ")" : ", " + attrs[0] + ")"); }
    },
    /** A broadcast contribution summed back to the shape of {@code like} ({@link Tensor#reduceTo}), as a node. */
    REDUCE_TO("reduce_to", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) { return in[0].reduceTo(in[1].shape()); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return t[0] == null ? Tensor.zerosLike(y) : t[0].reduceTo(in[1].shape()); }
        String infix(String[] ids) { return "reduce_to(" + ids[0] + ", shape of " + ids[1] + ")"; }
    },
    /** {@code g} placed at an index of a tensor shaped like {@code like}, zeros elsewhere: the adjoint of {@link #INDEX}. */
    PLACE("place", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in, int[] attrs) { return in[0].placedAt(in[1].shape(), attrs); }
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return t[0] == null ? Tensor.zerosLike(y) : t[0].placedAt(in[1].shape(), attrs); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) {
            if (slot != 0) {
                throw new UnsupportedOperationException("place depends on its second input's shape only");
            }
            return b.apply(INDEX, attrs, g);
        }
        String infix(String[] ids, int[] attrs) { return "place(" + ids[0] + " at " + Arrays.toString(attrs) + ")"; }
    },

    // ---- softmax, and the losses networks end in. Row-major batches: a [B, D] tensor holds one example per row. ----

    /**
     * Softmax of a vector, or of each row of a matrix (networks: of each example): e^u_k / Σ_j e^u_j,
     * after subtracting the row's max so no e^u overflows. VJP per row: y ⊙ (g − Σ_j g_j y_j).
     */
    SOFTMAX("softmax", 1, Notation.TENSOR_FUNCTION) {
        int[] shape(int[][] s, int[] attrs) { return rows(this, s[0]); }
        Tensor forward(Tensor[] in) { return in[0].softmaxRows(); }
        /** Its Jacobian diag(y) − y yᵀ (per row) is symmetric, so the JVP is the VJP's rule applied to t. */
        Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) { return y.softmaxRowsVjp(t[0]); }
        int vjpNode(int slot, int[] in, int y, int g, Nodes b) { return b.apply(MUL, y, b.apply(SUB, g, rowSums(b.apply(MUL, g, y), y, b))); }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) { return new Tensor[] {y.softmaxRowsVjp(g)}; }
        String partialText(int i, String[] ids) { return "diag(" + ids[0] + ") - " + ids[0] + " " + ids[0] + "^T"; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return y + " * (" + g + " - " + perRow(s[0], "sum(" + g + " * " + y + (s[0].length == 2 ? ", 1)" : ")"), y) + ")";
        }
    },
    /**
     * Mean over examples of −(y log ŷ + (1 − y) log(1 − ŷ)); inputs (ŷ, y). ∂/∂ŷ = −(y/ŷ − (1 − y)/(1 − ŷ))
     * per example (the lecture note prints + between the terms: a slip). A term whose weight is 0
     * counts 0. As PyTorch's BCELoss does, each log is clamped at −100 and ŷ(1 − ŷ) at 1e-12 in the
     * partial, so a saturated sigmoid (ŷ rounds to 0 or 1) gives a finite loss, not Infinity and NaN.
     */
    BINARY_CROSS_ENTROPY("binary_cross_entropy", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            return meanOverExamples(in, (p, t) -> -(weighted(t, clampedLog(p)) + weighted(1.0 - t, clampedLog(1.0 - p))));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return meanVjp(this, in, g, wanted, (p, t) -> p * (1.0 - p) < BCE_EPSILON ? (p - t) / BCE_EPSILON
                    : -(weighted(t, 1.0 / p) - weighted(1.0 - t, 1.0 / (1.0 - p))));
        }
        String partialText(int i, String[] ids) { return "-(" + ids[1] + " / " + ids[0] + " - (1 - " + ids[1] + ") / (1 - " + ids[0] + ")) / B"; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return lossVjp(g + " * -(" + ids[1] + " / " + ids[0] + " - (1 - " + ids[1] + ") / (1 - " + ids[0] + "))", s);
        }
    },
    /** Mean over examples of −Σ_k y_k log ŷ_k; inputs (ŷ, y), y a probability vector per example (a class index arrives one-hot). */
    CROSS_ENTROPY("cross_entropy", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            return meanOverExamples(in, (p, t) -> -weighted(t, Math.log(p)));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return meanVjp(this, in, g, wanted, (p, t) -> -weighted(t, 1.0 / p));
        }
        String partialText(int i, String[] ids) { return "-" + ids[1] + " / " + ids[0] + " / B"; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return lossVjp("-" + g + " * " + ids[1] + " / " + ids[0], s); }
    },
    /**
     * Softmax and cross-entropy as one op, on the logits: the mean over examples of
     * −Σ_k y_k log softmax(u)_k; inputs (u, y), u the logits [B, K], y a probability vector per
     * example. Computed as a log-softmax, −Σ_k y_k (u_k − m − log Σ_j e^(u_j − m)) with m the row's
     * max, so a logit gap of 745 (where softmax(u)_k rounds to 0 and log of it is −Infinity) still
     * gives a finite loss. Its partial for u is (softmax(u) · Σ_k y_k − y) / B, which is
     * (softmax(u) − y) / B for a probability vector: no division by a probability that underflowed.
     * Networks use it for cross_entropy after a softmax or a linear last layer (PyTorch's
     * CrossEntropyLoss on logits).
     */
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            double[] logP = in[0].logSoftmaxRows().raw();
            double[] t = in[1].raw();
            double sum = 0.0;
            for (int i = 0; i < logP.length; i++) {
                sum -= weighted(t[i], logP[i]);
            }
            return Tensor.scalar(sum / batchOf(in[0]));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            requireOnlyPrediction(this, wanted);
            double[] logP = in[0].logSoftmaxRows().raw();
            double[] t = in[1].raw();
            int k = rowLength(in[0]);
            double scale = g.item() / batchOf(in[0]);
            double[] out = new double[logP.length];
            for (int r = 0; r < logP.length; r += k) {
                double mass = 0.0;
                for (int j = 0; j < k; j++) {
                    mass += t[r + j];
                }
                for (int j = 0; j < k; j++) {
                    out[r + j] = scale * (Math.exp(logP[r + j]) * mass - t[r + j]);
                }
            }
            return new Tensor[] {Tensor.like(in[0], out), null};
        }
        String partialText(int i, String[] ids) { return "(softmax(" + ids[0] + ") - " + ids[1] + ") / B"; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) {
            return lossVjp(g + " * (softmax(" + ids[0] + ") - " + ids[1] + ")", s);
        }
    },
    /** Mean over examples of ½ Σ_k (ŷ_k − y_k)²; inputs (ŷ, y). */
    SQUARED_ERROR("squared_error", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            return meanOverExamples(in, (p, t) -> 0.5 * (p - t) * (p - t));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            return meanVjp(this, in, g, wanted, (p, t) -> p - t);
        }
        String partialText(int i, String[] ids) { return "(" + ids[0] + " - " + ids[1] + ") / B"; }
        String vjpText(int i, String[] ids, int[][] s, int[] attrs, String y, String g) { return lossVjp(g + " * (" + ids[0] + " - " + ids[1] + ")", s); }
    };

    /** Arity of ops that take two or more inputs. */
    public static final int VARIADIC = -1;
    /** Arity of a literal, which takes one or more. */
    public static final int ONE_OR_MORE = -2;
    /** Tensors larger than this print a selection's VJP in words rather than as a one-hot literal. */
    static final int MAX_PRINTED_SELECTION = 64;

    private static final double LN2 = Math.log(2.0);
    private static final double TWO_TO_THE_54 = 0x1p54;
    /** PyTorch's BCELoss bounds: logs no lower than −100, ŷ(1 − ŷ) no smaller than 1e-12 in the partial. */
    private static final double BCE_LOG_FLOOR = -100.0;
    private static final double BCE_EPSILON = 1e-12;
    private static final double LN10 = Math.log(10.0);
    private static final Pattern NUMBER = Pattern.compile("[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?");

    /**
     * How an op is written: an elementwise operator or function, a function of whole tensors
     * ({@code softmax(v)}), or an op written by syntax ({@code @}, {@code v[2]}, {@code [a, b]}) or
     * built by networks only.
     */
    enum Notation { OPERATOR, FUNCTION, TENSOR_FUNCTION, TENSOR }

    private final String symbol;
    private final int arity;
    private final Notation notation;

    Op(String symbol, int arity, Notation notation) {
        this.symbol = symbol;
        this.arity = arity;
        this.notation = notation;
    }

    /** The op's name in traces ({@code "mul"}) and, for functions, in expressions ({@code "sin"}). */
    public String symbol() {
        return symbol;
    }

    /** The number of inputs, or {@link #VARIADIC}. */
    public int arity() {
        return arity;
    }

    public boolean acceptsArity(int n) {
        return arity == VARIADIC ? n >= 2 : arity == ONE_OR_MORE ? n >= 1 : n == arity;
    }

    /** True for ops written {@code name(args)} in expressions. */
    public boolean isFunction() {
        return notation == Notation.FUNCTION || notation == Notation.TENSOR_FUNCTION;
    }

    /** True for {@code sum} and {@code mean}, which take an optional axis: {@code sum(A, 0)}. */
    public boolean takesAxis() {
        return this == SUM || this == MEAN;
    }

    /** The function of this name, if there is one (operators are not looked up by name). */
    public static Optional<Op> function(String name) {
        return Optional.ofNullable(Functions.BY_NAME.get(name));
    }

    /** The function of that name, or null: for the parser, which looks one up per call it reads (no Optional to allocate). */
    public static Op functionOrNull(String name) {
        return Functions.BY_NAME.get(name);
    }

    /** Functions by name, built once: the parser looks one up per call it reads. */
    private static final class Functions {
        static final java.util.Map<String, Op> BY_NAME = new java.util.HashMap<>();

        static {
            for (Op op : values()) {
                if (op.isFunction()) {
                    BY_NAME.put(op.symbol, op);
                }
            }
        }
    }

    /** True for ops applied element by element, whose rule is {@link #value} and {@link #partial}. */
    public boolean isElementwise() {
        return notation == Notation.OPERATOR || notation == Notation.FUNCTION;
    }

    /** The op's value at one element. Tensor ops have no such rule and say so. */
    double value(double[] a) {
        throw new UnsupportedOperationException(symbol + " is not elementwise: it has no per-element value");
    }

    /** ∂y/∂a_i at one element, given the inputs {@code a} and the op's value {@code y} there. Tensor ops have none. */
    double partial(int i, double[] a, double y) {
        throw new UnsupportedOperationException(symbol + " is not elementwise: it has no per-element partial");
    }

    /**
     * g · ∂y/∂a_i at one element: what the sweep adds to input i. A product, keeping IEEE arithmetic
     * (∞ · 0 is NaN), except where the rule is a selection ({@link #RELU}).
     */
    double chain(int i, double g, double[] a, double y) {
        return g * partial(i, a, y);
    }

    /**
     * ∂y/∂a_i printed with the input ids, e.g. {@code "-a / b^2"}. Tensor ops that are not
     * elementwise have no such partial; a warning names them by their Jacobian.
     */
    String partialText(int i, String[] ids) {
        return "the Jacobian of " + infix(ids) + " with respect to " + ids[i];
    }

    /** The partial, printed with the op's output id where that reads better ({@code z1 * (1 - z1)} for a sigmoid). */
    String partialText(int i, String[] ids, String out) {
        return partialText(i, ids);
    }

    /**
     * The contribution to input i written in the language with the consumer's gradient {@code g}
     * and value {@code y} (ids): {@code alpha2 @ g_u2}. {@code shapes} are the inputs' shapes. Ops
     * without such a form (networks' own) answer null. Elementwise ops answer {@code g * partial}
     * before any reduction of a broadcast, which the trace adds.
     */
    String vjpText(int i, String[] ids, int[][] shapes, int[] attrs, String y, String g) {
        if (!isElementwise()) {
            return null;
        }
        String p = partialText(i, ids, y);
        if (p.equals("1")) {
            return g;
        }
        if (p.equals("-1")) {
            return "-" + g;
        }
        if (p.startsWith("1 / ")) { // g * (1 / x) reads as g / x
            return g + " / " + p.substring(4);
        }
        return g + " * " + (p.startsWith("-") || hasTopLevelSum(p) ? "(" + p + ")" : p);
    }

    /** True when {@code p} has a + or - outside parentheses, so it must be wrapped to be multiplied. */
    private static boolean hasTopLevelSum(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && (c == '+' || c == '-') && i > 0 && p.charAt(i - 1) == ' ') {
                return true;
            }
        }
        return false;
    }

    /**
     * ∂y/∂a_slot built as graph nodes through {@code b}, given the input nodes {@code in} and the
     * op's own node {@code y}: the same rule as {@link #partial}, so the gradient of a graph is a
     * graph (derivative formulas, Hessians) with no second set of rules. Tensor ops have no node
     * rule yet and say so.
     */
    int partialNode(int slot, int[] in, int y, Nodes b) {
        throw new UnsupportedOperationException("no graph rule for " + symbol + " yet: its partial cannot be built as nodes");
    }

    /**
     * The vector-Jacobian product as graph nodes: what node {@code y}, whose adjoint is node
     * {@code g}, adds to the adjoint of input {@code slot}. For an elementwise op that is
     * {@code partial * g} (the partial first, as a person writes {@code 2 * x * cos(x^2)}); a tensor
     * op will override this with its own rule ({@code g @ W'} for a product), as it overrides {@link #vjp}.
     */
    int vjpNode(int slot, int[] in, int y, int g, Nodes b) {
        if (!isElementwise()) {
            throw new UnsupportedOperationException("no graph rule for " + symbol + " yet: its vector-Jacobian product cannot be built as nodes");
        }
        int contribution = b.apply(MUL, partialNode(slot, in, y, b), g);
        int[] input = b.shape(in[slot]);
        if (input != null && !Arrays.equals(input, b.shape(contribution))) { // a broadcast input: sum back to its shape
            return b.apply(REDUCE_TO, contribution, in[slot]);
        }
        return contribution;
    }

    /** {@link #vjpNode(int, int[], int, int, Nodes)} for an op with integer attributes (an axis, an index). */
    int vjpNode(int slot, int[] in, int y, int g, Nodes b, int[] attrs) {
        return vjpNode(slot, in, y, g, b);
    }

    /** Row by row (a vector is one row), Σ_j x_j, spread back over the row: a node of the shape of {@code like}. */
    private static int rowSums(int x, int like, Nodes b) {
        return b.shape(like).length == 2
                ? b.apply(SPREAD, new int[] {1}, b.apply(SUM, new int[] {1}, x), like)
                : b.apply(SUM, x);
    }

    /**
     * Forward mode at the tensor level: the tangent of the output when input {@code i} moves along
     * {@code t[i]} ({@code null}: that input does not move; at least one moves), given the inputs
     * and the value {@code y}. Elementwise ops apply {@link #partial} element by element, each
     * input's tangent broadcast as its value is; a tensor op overrides this beside its {@link #vjp}
     * (a product: {@code dA @ B + A @ dB}). Ops without a forward rule say so.
     */
    Tensor jvp(Tensor[] in, Tensor y, Tensor[] t, int[] attrs) {
        if (!isElementwise()) {
            throw new UnsupportedOperationException("no forward rule for " + symbol + " yet");
        }
        int size = y.size();
        double[][] raw = raws(in);
        double[][] tangents = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            tangents[i] = t[i] == null ? null : t[i].raw();
        }
        int row = rowLength(y);
        double[] args = new double[in.length];
        double[] yr = y.raw();
        double[] out = new double[size];
        for (int k = 0, col = 0; k < size; k++, col = col + 1 == row ? 0 : col + 1) {
            gather(raw, size, k, col, args);
            double sum = 0.0;
            boolean first = true;
            for (int i = 0; i < in.length; i++) {
                if (tangents[i] == null) {
                    continue;
                }
                double[] ti = tangents[i];
                double d = ti.length == size ? ti[k] : ti.length == 1 ? ti[0] : ti[col];
                if (d != 0.0) { // a still element passes nothing, even through an infinite partial
                    double term = partial(i, args, yr[k]) * d;
                    sum = first ? term : sum + term;
                    first = false;
                }
            }
            out[k] = sum;
        }
        return Tensor.like(y, out);
    }

    /**
     * The JVP of an op linear in each input separately (a product, a sum, a transpose, an index):
     * Σ_i of the op applied with input i replaced by its tangent.
     */
    Tensor multilinearJvp(Tensor[] in, Tensor[] t, int[] attrs) {
        Tensor sum = null;
        for (int i = 0; i < in.length; i++) {
            if (t[i] == null) {
                continue;
            }
            Tensor[] args = in.clone();
            args[i] = t[i];
            Tensor term = forward(args, attrs);
            sum = sum == null ? term : sum.plus(term);
        }
        return sum;
    }

    /**
     * Row by row (a vector is one row): Σ_j w_j t_j, as a scalar per row ({@code spread} false:
     * a scalar or a vector), or spread back over the row ({@code spread} true: the shape of t).
     */
    private static Tensor rowDots(Tensor w, Tensor t, boolean spread) {
        double[] wr = w.raw();
        double[] tr = t.raw();
        int row = rowLength(t);
        int rows = tr.length / row;
        double[] out = new double[spread ? tr.length : rows];
        for (int r = 0; r < rows; r++) {
            double s = 0.0;
            for (int j = 0; j < row; j++) {
                s += wr[r * row + j] * tr[r * row + j];
            }
            if (spread) {
                Arrays.fill(out, r * row, (r + 1) * row, s);
            } else {
                out[r] = s;
            }
        }
        return spread ? Tensor.like(t, out) : t.rank() == 2 ? Tensor.of(new int[] {rows}, out) : Tensor.scalar(out[0]);
    }

    /** The node printed with its input ids, e.g. {@code "a / b"} or {@code "sin(b)"}. */
    String infix(String[] ids) {
        return symbol + "(" + String.join(", ", ids) + ")";
    }

    /** The node printed with its input ids and its integer attributes (an axis, an index); most ops have none. */
    String infix(String[] ids, int[] attrs) {
        return infix(ids);
    }

    /**
     * The output's shape for inputs of these shapes (and attributes), or a {@link ShapeException}
     * saying why they do not fit. Elementwise ops broadcast (numpy's rules at rank 2 or less);
     * networks' own ops leave it to the network's validation and answer null.
     */
    int[] shape(int[][] in, int[] attrs) {
        if (!isElementwise()) {
            return null;
        }
        int[] shape = in[0];
        for (int i = 1; i < in.length; i++) {
            shape = Shapes.broadcast(shape, in[i], sign());
        }
        return shape;
    }

    /** How the op is written between operands in a shape message: {@code +}, {@code @}; a function by its name. */
    private String sign() {
        return switch (this) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case POW -> "^";
            default -> "and (" + symbol + ")";
        };
    }

    /** The op's value for inputs with integer attributes; ops without attributes ignore them. */
    Tensor forward(Tensor[] in, int[] attrs) {
        return forward(in);
    }

    /** {@link #vjp(Tensor[], Tensor, Tensor, boolean[])} for an op with integer attributes. */
    Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted, int[] attrs) {
        return vjp(in, y, g, wanted);
    }

    /**
     * The op applied element by element, with broadcasting (shapes were checked when the graph was
     * built): the output has the shape of the input of highest rank.
     */
    Tensor forward(Tensor[] in) {
        Tensor widest = widest(in);
        int size = widest.size();
        double[][] raw = raws(in);
        int row = rowLength(widest);
        double[] args = new double[in.length];
        double[] out = new double[size];
        for (int k = 0, col = 0; k < size; k++, col = col + 1 == row ? 0 : col + 1) {
            gather(raw, size, k, col, args);
            out[k] = value(args);
        }
        return Tensor.like(widest, out);
    }

    /** The inputs' values (a scalar's as a one-element array), read once per sweep, not per element. */
    private static double[][] raws(Tensor[] in) {
        double[][] raw = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            raw[i] = in[i].raw();
        }
        return raw;
    }

    private static int rowLength(Tensor t) {
        int[] shape = t.shape();
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /**
     * Element k of each input under broadcasting, without a division per element: an input as large
     * as the output is read at k, a scalar at 0, a row [n] spread over [m, n] at the column.
     */
    private static void gather(double[][] raw, int size, int k, int col, double[] args) {
        for (int i = 0; i < raw.length; i++) {
            double[] r = raw[i];
            args[i] = r.length == size ? r[k] : r.length == 1 ? r[0] : r[col];
        }
    }

    private static Tensor widest(Tensor[] in) {
        Tensor widest = in[0];
        for (Tensor t : in) {
            if (t.rank() > widest.rank() || t.rank() == widest.rank() && t.size() > widest.size()) {
                widest = t;
            }
        }
        return widest;
    }

    /**
     * Vector-Jacobian products: for each input {@code i} with {@code wanted[i]}, the output gradient
     * {@code g} chained with ∂y/∂a_i element by element ({@link #chain}), then summed back to the
     * input's shape where it was broadcast; {@code null} for the others, so a partial nobody needs
     * (the exponent's {@code log(a)} in {@code x^2}) is never computed.
     */
    Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
        int size = g.size();
        double[][] out = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            if (wanted[i]) {
                out[i] = new double[size];
            }
        }
        double[][] raw = raws(in);
        double[] gs = g.raw();
        double[] ys = y.raw();
        int row = rowLength(g);
        double[] args = new double[in.length];
        for (int k = 0, col = 0; k < size; k++, col = col + 1 == row ? 0 : col + 1) {
            gather(raw, size, k, col, args);
            for (int i = 0; i < in.length; i++) {
                if (wanted[i]) {
                    out[i][k] = chain(i, gs[k], args, ys[k]);
                }
            }
        }
        Tensor[] grads = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            if (wanted[i]) {
                grads[i] = Tensor.like(g, out[i]).reduceTo(in[i].shape());
            }
        }
        return grads;
    }

    // ---- The activations' per-element formulas: the scalar rule and the tensor loop both call these, so each is written once ----

    private static double tanhPartial(double y) {
        return 1.0 - y * y;
    }

    private static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    private static double sigmoidPartial(double y) {
        return y * (1.0 - y);
    }

    /** NaN stays NaN; everything not above 0 is 0. */
    private static double relu(double a) {
        return a > 0.0 ? a : (Double.isNaN(a) ? a : 0.0);
    }

    /** A selection, not a product: where a <= 0 nothing passes, even an infinite g. */
    private static double reluChain(double g, double a) {
        return a > 0.0 ? g : 0.0;
    }

    /**
     * IEEE 754 (and C99) pow: as {@link Math#pow} except that 1^b = 1 for every b (NaN too) and
     * (-1)^±Infinity = 1, where Java gives NaN.
     */
    private static double ieeePow(double a, double b) {
        if (a == 1.0 || a == -1.0 && Double.isInfinite(b)) {
            return 1.0;
        }
        return Math.pow(a, b);
    }

    // ---- Shape rules and printed forms the tensor entries share ----

    private static int[] transposed(int[] s) {
        return s.length == 2 ? new int[] {s[1], s[0]} : s;
    }

    /** numpy's {@code @}: the inner sizes must agree; a scalar has no place in a product. */
    private static int[] productShape(int[] a, int[] b) {
        String both = Shapes.format(a) + " @ " + Shapes.format(b);
        if (a.length == 0 || b.length == 0) {
            throw new ShapeException(both + " — @ multiplies vectors and matrices; multiply by a scalar with *");
        }
        int ka = a[a.length - 1];
        int kb = b[0];
        if (ka != kb) {
            throw new ShapeException(both + " — the inner sizes differ (" + ka + " vs " + kb + ")");
        }
        if (a.length == 2) {
            return b.length == 2 ? new int[] {a[0], b[1]} : new int[] {a[0]};
        }
        return b.length == 2 ? new int[] {b[1]} : Shapes.SCALAR;
    }

    /** Row-wise ops (softmax and kin) take a vector or a matrix. */
    private static int[] rows(Op op, int[] s) {
        if (s.length == 0) {
            throw new ShapeException(op.symbol + " of a scalar " + Shapes.format(s) + " — " + op.symbol + " takes a vector, or a matrix row by row");
        }
        return s;
    }

    private static int axis(int[] attrs) {
        return attrs == null ? -1 : attrs[0];
    }

    /** sum and mean: everything to a scalar, or along axis 0 (rows collapse) or 1 (columns collapse). */
    private static int[] reducedShape(Op op, int[] s, int[] attrs) {
        int axis = axis(attrs);
        if (axis < 0) {
            return Shapes.SCALAR;
        }
        if (axis >= s.length) {
            throw new ShapeException(op.symbol + " along axis " + axis + " of " + Shapes.format(s) + " — "
                    + (s.length == 0 ? "a scalar has no axes" : "a vector has only axis 0"));
        }
        return s.length == 2 ? new int[] {axis == 0 ? s[1] : s[0]} : Shapes.SCALAR;
    }

    /** How many elements each output element of sum or mean adds up. */
    private static int counted(int[] s, int[] attrs) {
        int axis = axis(attrs);
        return axis < 0 ? Tensor.sizeOf(s) : s[axis];
    }

    /**
     * The sum's VJP in the language: g spread over a's shape. {@code a^0} is ones of a's shape (x^0
     * is 1 for every double), so {@code g * a^0} spreads a scalar, or a row over every row; a column
     * sum ({@code sum(A, 1)}) spreads through the transpose.
     */
    private static String spreadText(int[] s, int[] attrs, String a, String g, String divided) {
        if (s.length == 2 && axis(attrs) == 1) {
            return "(" + g + " * " + a + "'^0)'" + divided;
        }
        return g + " * " + a + "^0" + divided;
    }

    /** {@code perRow} of a row-wise op: a vector's scalar as it is; a matrix's per-row values [m] spread over its rows. */
    private static String perRow(int[] s, String perRowValues, String like) {
        return s.length == 2 ? "(" + perRowValues + " * " + like + "'^0)'" : perRowValues;
    }

    /** A one-hot literal of the shape with a 1 at the index (a whole row of ones for {@code A[i]}). */
    private static String oneHot(int[] s, int[] index) {
        if (s.length == 1) {
            StringBuilder v = new StringBuilder("[");
            for (int j = 0; j < s[0]; j++) {
                v.append(j == 0 ? "" : ", ").append(j == index[0] ? 1 : 0);
            }
            return v.append(']').toString();
        }
        StringBuilder m = new StringBuilder("[");
        for (int r = 0; r < s[0]; r++) {
            m.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < s[1]; c++) {
                boolean one = r == index[0] && (index.length == 1 || c == index[1]);
                m.append(c == 0 ? "" : ", ").append(one ? 1 : 0);
            }
            m.append(']');
        }
        return m.append(']').toString();
    }

    private static double clampedLog(double p) {
        return Math.max(Math.log(p), BCE_LOG_FLOOR);
    }

    /** {@code weight · term}, but 0 when the weight is 0 (so 0 · log 0 counts 0, as in the limit). */
    private static double weighted(double weight, double term) {
        return weight == 0.0 ? 0.0 : weight * term;
    }

    /** A loss: the sum over every prediction ŷ and its target y of {@code term(ŷ, y)}, divided by the number of examples. */
    private static Tensor meanOverExamples(Tensor[] in, java.util.function.DoubleBinaryOperator term) {
        double[] p = in[0].raw();
        double[] t = in[1].raw();
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            sum += term.applyAsDouble(p[i], t[i]);
        }
        return Tensor.scalar(sum / batchOf(in[0]));
    }

    /** The loss's gradient for the predictions: g / B · {@code derivative(ŷ, y)} per element; none for the targets. */
    private static Tensor[] meanVjp(Op op, Tensor[] in, Tensor g, boolean[] wanted, java.util.function.DoubleBinaryOperator derivative) {
        requireOnlyPrediction(op, wanted);
        double[] p = in[0].raw();
        double[] t = in[1].raw();
        double scale = g.item() / batchOf(in[0]);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = scale * derivative.applyAsDouble(p[i], t[i]);
        }
        return new Tensor[] {Tensor.like(in[0], out), null};
    }

    /** The number of examples: the rows of a batch; a vector is one example. */
    private static int batchOf(Tensor t) {
        return t.rank() < 2 ? 1 : t.shape()[0];
    }

    /** A loss's VJP for its predictions: per example, divided by the batch size B where there is a batch. */
    private static String lossVjp(String perExample, int[][] shapes) {
        return shapes[0].length == 2 ? "(" + perExample + ") / B" : perExample;
    }

    /** The length of a batch's rows (networks' losses read one example per row). */
    private static int lastDimension(Tensor t) {
        int[] shape = t.shape();
        return shape[shape.length - 1];
    }


    /** Loss targets are data, never differentiated; asking is a bug in the caller, said loudly. */
    private static void requireOnlyPrediction(Op op, boolean[] wanted) {
        if (wanted[1]) {
            throw new UnsupportedOperationException(op.symbol + " has no rule for the gradient of its target");
        }
    }

    private static String call(String function, String id) {
        return function + "(" + id + ")";
    }
}
