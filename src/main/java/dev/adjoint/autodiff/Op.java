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
        String infix(String[] ids) { return String.join(" + ", ids); }
    },
    SUB("sub", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] - a[1]; }
        double partial(int i, double[] a, double y) { return i == 0 ? 1.0 : -1.0; }
        String partialText(int i, String[] ids) { return i == 0 ? "1" : "-1"; }
        String infix(String[] ids) { return ids[0] + " - " + ids[1]; }
    },
    MUL("mul", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] * a[1]; }
        double partial(int i, double[] a, double y) { return a[1 - i]; }
        String partialText(int i, String[] ids) { return ids[1 - i]; }
        String infix(String[] ids) { return ids[0] + " * " + ids[1]; }
    },
    DIV("div", 2, Notation.OPERATOR) {
        double value(double[] a) { return a[0] / a[1]; }
        double partial(int i, double[] a, double y) { return i == 0 ? 1.0 / a[1] : -a[0] / (a[1] * a[1]); }
        String partialText(int i, String[] ids) { return i == 0 ? "1 / " + ids[1] : "-" + ids[0] + " / " + ids[1] + "^2"; }
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
        String infix(String[] ids) { return ids[0] + "^" + ids[1]; }
    },
    NEG("neg", 1, Notation.OPERATOR) {
        double value(double[] a) { return -a[0]; }
        double partial(int i, double[] a, double y) { return -1.0; }
        String partialText(int i, String[] ids) { return "-1"; }
        String infix(String[] ids) { return "-" + ids[0]; }
    },
    /** A named copy: a program line {@code c = b} gives {@code c} its own node. */
    IDENTITY("identity", 1, Notation.OPERATOR) {
        double value(double[] a) { return a[0]; }
        double partial(int i, double[] a, double y) { return 1.0; }
        String partialText(int i, String[] ids) { return "1"; }
        String infix(String[] ids) { return ids[0]; }
    },
    EXP("exp", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.exp(a[0]); }
        double partial(int i, double[] a, double y) { return y; }
        String partialText(int i, String[] ids) { return call("exp", ids[0]); }
    },
    LOG("log", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / a[0]; }
        String partialText(int i, String[] ids) { return "1 / " + ids[0]; }
    },
    LOG2("log2", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log(a[0]) / LN2; }
        double partial(int i, double[] a, double y) { return 1.0 / (a[0] * LN2); }
        String partialText(int i, String[] ids) { return "1 / (" + ids[0] + " * log(2))"; }
    },
    LOG10("log10", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.log10(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (a[0] * LN10); }
        String partialText(int i, String[] ids) { return "1 / (" + ids[0] + " * log(10))"; }
    },
    SQRT("sqrt", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sqrt(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (2.0 * y); }
        String partialText(int i, String[] ids) { return "1 / (2 * " + call("sqrt", ids[0]) + ")"; }
    },
    /** At the kink abs'(0) = 0 (the subgradient PyTorch and JAX pick too). */
    ABS("abs", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.abs(a[0]); }
        double partial(int i, double[] a, double y) { return Math.signum(a[0]); }
        String partialText(int i, String[] ids) { return call("sign", ids[0]); }
    },
    SIN("sin", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sin(a[0]); }
        double partial(int i, double[] a, double y) { return Math.cos(a[0]); }
        String partialText(int i, String[] ids) { return call("cos", ids[0]); }
    },
    COS("cos", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.cos(a[0]); }
        double partial(int i, double[] a, double y) { return -Math.sin(a[0]); }
        String partialText(int i, String[] ids) { return "-" + call("sin", ids[0]); }
    },
    TAN("tan", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.tan(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 + y * y; }
        String partialText(int i, String[] ids) { return "1 + " + call("tan", ids[0]) + "^2"; }
    },
    ASIN("asin", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.asin(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / Math.sqrt(1.0 - a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "1 / sqrt(1 - " + ids[0] + "^2)"; }
    },
    ACOS("acos", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.acos(a[0]); }
        double partial(int i, double[] a, double y) { return -1.0 / Math.sqrt(1.0 - a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "-1 / sqrt(1 - " + ids[0] + "^2)"; }
    },
    ATAN("atan", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.atan(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 / (1.0 + a[0] * a[0]); }
        String partialText(int i, String[] ids) { return "1 / (1 + " + ids[0] + "^2)"; }
    },
    SINH("sinh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.sinh(a[0]); }
        double partial(int i, double[] a, double y) { return Math.cosh(a[0]); }
        String partialText(int i, String[] ids) { return call("cosh", ids[0]); }
    },
    COSH("cosh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.cosh(a[0]); }
        double partial(int i, double[] a, double y) { return Math.sinh(a[0]); }
        String partialText(int i, String[] ids) { return call("sinh", ids[0]); }
    },
    TANH("tanh", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.tanh(a[0]); }
        double partial(int i, double[] a, double y) { return 1.0 - y * y; }
        String partialText(int i, String[] ids) { return "1 - " + call("tanh", ids[0]) + "^2"; }
    },
    SIGMOID("sigmoid", 1, Notation.FUNCTION) {
        double value(double[] a) { return 1.0 / (1.0 + Math.exp(-a[0])); }
        double partial(int i, double[] a, double y) { return y * (1.0 - y); }
        String partialText(int i, String[] ids) {
            String s = call("sigmoid", ids[0]);
            return s + " * (1 - " + s + ")";
        }
    },
    /** At the kink relu'(0) = 0. */
    RELU("relu", 1, Notation.FUNCTION) {
        double value(double[] a) { return a[0] > 0.0 ? a[0] : (Double.isNaN(a[0]) ? a[0] : 0.0); }
        double partial(int i, double[] a, double y) { return a[0] > 0.0 ? 1.0 : 0.0; }
        String partialText(int i, String[] ids) { return call("step", ids[0]); }
    },
    /** log(1 + e^a), computed without overflow for large a. */
    SOFTPLUS("softplus", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.max(a[0], 0.0) + Math.log1p(Math.exp(-Math.abs(a[0]))); }
        double partial(int i, double[] a, double y) { return 1.0 / (1.0 + Math.exp(-a[0])); }
        String partialText(int i, String[] ids) { return call("sigmoid", ids[0]); }
    },
    /** sign(a): -1, 0 or 1. Printed partials of abs use it; its own derivative is 0 (0 at the jump too). */
    SIGN("sign", 1, Notation.FUNCTION) {
        double value(double[] a) { return Math.signum(a[0]); }
        double partial(int i, double[] a, double y) { return 0.0; }
        String partialText(int i, String[] ids) { return "0"; }
    },
    /** step(a): 1 for a > 0, else 0 (so step(0) = 0 = relu'(0)). Printed partials of relu use it. */
    STEP("step", 1, Notation.FUNCTION) {
        double value(double[] a) { return Double.isNaN(a[0]) ? a[0] : (a[0] > 0.0 ? 1.0 : 0.0); }
        double partial(int i, double[] a, double y) { return 0.0; }
        String partialText(int i, String[] ids) { return "0"; }
    };

    /** Arity of ops that take two or more inputs. */
    public static final int VARIADIC = -1;

    private static final double LN2 = Math.log(2.0);
    private static final double LN10 = Math.log(10.0);
    private static final Pattern NUMBER = Pattern.compile("[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?");

    enum Notation { OPERATOR, FUNCTION }

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
        return Arrays.stream(values()).filter(op -> op.isFunction() && op.symbol.equals(name)).findFirst();
    }

    /** The op's value at one element. */
    abstract double value(double[] a);

    /** ∂y/∂a_i at one element, given the inputs {@code a} and the op's value {@code y} there. */
    abstract double partial(int i, double[] a, double y);

    /** ∂y/∂a_i printed with the input ids, e.g. {@code "-a / b^2"}. */
    abstract String partialText(int i, String[] ids);

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

    private static String call(String function, String id) {
        return function + "(" + id + ")";
    }
}
