package dev.adjoint.autodiff;

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
     */
    POW("pow", 2, Notation.OPERATOR) {
        double value(double[] a) { return Math.pow(a[0], a[1]); }
        double partial(int i, double[] a, double y) {
            if (i == 0) {
                return a[1] == 0.0 ? 0.0 : a[1] * Math.pow(a[0], a[1] - 1.0);
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
        int partialNode(int slot, int[] in, int y, Nodes b) { return y; }
    },
    LOG("log", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / a[0]; }
        String partialText(int i, String[] ids) { return "1 / " + ids[0]; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(DIV, b.constant(1), in[0]); }
    },
    LOG2("log2", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log(a[0]) / LN2; }
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
        double partial(int i, double[] a, double y) { return 1.0 - y * y; }
        String partialText(int i, String[] ids) { return "1 - " + call("tanh", ids[0]) + "^2"; }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(SUB, b.constant(1), b.apply(POW, y, b.constant(2))); }
    },
    SIGMOID("sigmoid", 1, Notation.FUNCTION) {
        double value(double[] a) { return 1.0 / (1.0 + Math.exp(-a[0])); }
        double partial(int i, double[] a, double y) { return y * (1.0 - y); }
        String partialText(int i, String[] ids) {
            String s = call("sigmoid", ids[0]);
            return s + " * (1 - " + s + ")";
        }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(MUL, y, b.apply(SUB, b.constant(1), y)); }
    },
    /** At the kink relu'(0) = 0. */
    RELU("relu", 1, Notation.FUNCTION) {
        double value(double[] a) { return a[0] > 0.0 ? a[0] : (Double.isNaN(a[0]) ? a[0] : 0.0); }
        double partial(int i, double[] a, double y) { return a[0] > 0.0 ? 1.0 : 0.0; }
        String partialText(int i, String[] ids) { return call("step", ids[0]); }
        int partialNode(int slot, int[] in, int y, Nodes b) { return b.apply(STEP, in[0]); }
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

    // ---- Tensor ops: networks. Row-major batches: a [B, D] tensor holds one example per row. ----

    /**
     * {@code u = Wᵀz} for each example, as the lecture note writes it with W in the in_out layout
     * (D_in x D_out): inputs (W, Z) with Z [B, D_in], output Z·W [B, D_out]. VJPs: g_W = Zᵀ·g,
     * g_Z = g·Wᵀ.
     */
    MATMUL("matmul", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            Tensor w = in[0];
            Tensor z = in[1];
            int batch = z.shape()[0];
            int dIn = w.shape()[0];
            int dOut = w.shape()[1];
            return Tensor.of(new int[] {batch, dOut}, Gemm.multiply(z.raw(), w.raw(), batch, dIn, dOut));
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            Tensor w = in[0];
            Tensor z = in[1];
            int batch = z.shape()[0];
            int dIn = w.shape()[0];
            int dOut = w.shape()[1];
            return new Tensor[] {
                wanted[0] ? Tensor.of(w.shape(), Gemm.multiplyTransposedA(z.raw(), g.raw(), batch, dIn, dOut)) : null,
                wanted[1] ? Tensor.of(z.shape(), Gemm.multiplyTransposedB(g.raw(), w.raw(), batch, dOut, dIn)) : null};
        }
        String partialText(int i, String[] ids) { return i == 0 ? ids[1] + "^T g" : "g " + ids[0] + "^T"; }
        String infix(String[] ids) { return ids[0] + "^T " + ids[1]; }
    },
    /** Adds a bias vector [D] to every row of [B, D]; its gradient is g summed over the batch. */
    BIAS_ADD("bias_add", 2, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            double[] u = in[0].raw();
            double[] b = in[1].raw();
            double[] out = new double[u.length];
            for (int r = 0; r < u.length; r += b.length) {
                for (int j = 0; j < b.length; j++) {
                    out[r + j] = u[r + j] + b[j];
                }
            }
            return Tensor.like(in[0], out);
        }
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            Tensor gb = null;
            if (wanted[1]) {
                double[] sums = new double[in[1].size()];
                double[] gr = g.raw();
                for (int r = 0; r < gr.length; r += sums.length) {
                    for (int j = 0; j < sums.length; j++) {
                        sums[j] += gr[r + j];
                    }
                }
                gb = Tensor.like(in[1], sums);
            }
            return new Tensor[] {wanted[0] ? g : null, gb};
        }
        String partialText(int i, String[] ids) { return i == 0 ? "g" : "sum of g over examples"; }
        String infix(String[] ids) { return ids[0] + " + " + ids[1]; }
    },
    /** Softmax of each row: e^u_k / Σ_j e^u_j, computed after subtracting the row's max so no e^u overflows. */
    SOFTMAX("softmax", 1, Notation.TENSOR) {
        Tensor forward(Tensor[] in) {
            double[] u = in[0].raw();
            int k = lastDimension(in[0]);
            double[] out = new double[u.length];
            for (int r = 0; r < u.length; r += k) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, u[r + j]);
                }
                double sum = 0.0;
                for (int j = 0; j < k; j++) {
                    out[r + j] = Math.exp(u[r + j] - max);
                    sum += out[r + j];
                }
                for (int j = 0; j < k; j++) {
                    out[r + j] /= sum;
                }
            }
            return Tensor.like(in[0], out);
        }
        /** Per row, g_u = y ⊙ (g − Σ_j g_j y_j). */
        Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
            double[] s = y.raw();
            double[] gr = g.raw();
            int k = lastDimension(y);
            double[] out = new double[s.length];
            for (int r = 0; r < s.length; r += k) {
                double dot = 0.0;
                for (int j = 0; j < k; j++) {
                    dot += gr[r + j] * s[r + j];
                }
                for (int j = 0; j < k; j++) {
                    out[r + j] = s[r + j] * (gr[r + j] - dot);
                }
            }
            return new Tensor[] {Tensor.like(y, out)};
        }
        String partialText(int i, String[] ids) { return "diag(" + ids[0] + ") - " + ids[0] + " " + ids[0] + "^T"; }
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
    };

    /** Arity of ops that take two or more inputs. */
    public static final int VARIADIC = -1;

    private static final double LN2 = Math.log(2.0);
    /** PyTorch's BCELoss bounds: logs no lower than −100, ŷ(1 − ŷ) no smaller than 1e-12 in the partial. */
    private static final double BCE_LOG_FLOOR = -100.0;
    private static final double BCE_EPSILON = 1e-12;
    private static final double LN10 = Math.log(10.0);
    private static final Pattern NUMBER = Pattern.compile("[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?");

    /** How an op is written: an operator, a function callable in expressions, or a tensor op of networks only. */
    enum Notation { OPERATOR, FUNCTION, TENSOR }

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
        return arity == VARIADIC ? n >= 2 : n == arity;
    }

    /** True for ops written {@code name(args)} in expressions. */
    public boolean isFunction() {
        return notation == Notation.FUNCTION;
    }

    /** The function of this name, if there is one (operators are not looked up by name). */
    public static Optional<Op> function(String name) {
        return Optional.ofNullable(Functions.BY_NAME.get(name));
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
        return notation != Notation.TENSOR;
    }

    /** The op's value at one element. Tensor ops have no such rule and say so. */
    double value(double[] a) {
        throw new UnsupportedOperationException(symbol + " is not elementwise: it has no per-element value");
    }

    /** ∂y/∂a_i at one element, given the inputs {@code a} and the op's value {@code y} there. Tensor ops have none. */
    double partial(int i, double[] a, double y) {
        throw new UnsupportedOperationException(symbol + " is not elementwise: it has no per-element partial");
    }

    /** ∂y/∂a_i printed with the input ids, e.g. {@code "-a / b^2"}. */
    abstract String partialText(int i, String[] ids);

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
        return b.apply(MUL, partialNode(slot, in, y, b), g);
    }

    /** The node printed with its input ids, e.g. {@code "a / b"} or {@code "sin(b)"}. */
    String infix(String[] ids) {
        return symbol + "(" + String.join(", ", ids) + ")";
    }

    /** The op applied element by element (all inputs have one shape, checked when the graph is built). */
    Tensor forward(Tensor[] in) {
        double[] args = new double[in.length];
        double[] out = new double[in[0].size()];
        for (int k = 0; k < out.length; k++) {
            for (int i = 0; i < in.length; i++) {
                args[i] = in[i].get(k);
            }
            out[k] = value(args);
        }
        return Tensor.like(in[0], out);
    }

    /**
     * Vector-Jacobian products: for each input {@code i} with {@code wanted[i]}, the output gradient
     * {@code g} times ∂y/∂a_i, element by element; {@code null} for the others, so a partial nobody
     * needs (the exponent's {@code log(a)} in {@code x^2}) is never computed.
     */
    Tensor[] vjp(Tensor[] in, Tensor y, Tensor g, boolean[] wanted) {
        int size = g.size();
        double[][] out = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            if (wanted[i]) {
                out[i] = new double[size];
            }
        }
        double[] args = new double[in.length];
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < in.length; j++) {
                args[j] = in[j].get(k);
            }
            for (int i = 0; i < in.length; i++) {
                if (wanted[i]) {
                    out[i][k] = g.get(k) * partial(i, args, y.get(k));
                }
            }
        }
        Tensor[] grads = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            if (wanted[i]) {
                grads[i] = Tensor.like(g, out[i]);
            }
        }
        return grads;
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

    private static int batchOf(Tensor t) {
        return t.shape()[0];
    }

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
