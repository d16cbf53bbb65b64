package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Test access to the op table's package-private rules (value, partial, printed partial), and a
 * sampling domain per op, shared by the tests of this package and of {@code dev.adjoint.expression}.
 */
public final class OpRules {

    private OpRules() {
    }

    /** Every op with a per-element rule; a new elementwise op is picked up without touching the tests. */
    public static Stream<Op> elementwiseOps() {
        return Arrays.stream(Op.values()).filter(Op::isElementwise);
    }

    public static double value(Op op, double... a) {
        return op.value(a);
    }

    /** ∂op/∂a_i at {@code a}, the op's value there computed by the op itself. */
    public static double partial(Op op, int i, double... a) {
        return op.partial(i, a, op.value(a));
    }

    public static String partialText(Op op, int i, String... ids) {
        return op.partialText(i, ids);
    }

    /** The number of inputs to test an op with: a variadic op gets three. */
    public static int sampleArity(Op op) {
        return op.arity() == Op.VARIADIC ? 3 : op.arity();
    }

    /**
     * A random point where the op is smooth: logs and roots on positive numbers, asin/acos inside
     * (-0.9, 0.9), pow on a positive base, kinks and jumps (abs, relu, sign, step) at least 0.01 away
     * from 0. Ops without an entry here get (-3, 3) for every input.
     */
    public static double[] samplePoint(Op op, Random random) {
        double[] a = new double[sampleArity(op)];
        for (int i = 0; i < a.length; i++) {
            a[i] = uniform(random, -3, 3);
        }
        switch (op) {
            case LOG, LOG2, LOG10, SQRT -> a[0] = uniform(random, 0.05, 5);
            case ASIN, ACOS -> a[0] = uniform(random, -0.9, 0.9);
            case TAN -> a[0] = uniform(random, -1.2, 1.2);
            case POW -> {
                a[0] = uniform(random, 0.2, 3);
                a[1] = uniform(random, -2, 3);
            }
            case DIV -> a[1] = awayFromZero(random, 0.3, 3);
            case ABS, RELU, SIGN, STEP -> a[0] = awayFromZero(random, 0.01, 3);
            default -> {
            }
        }
        return a;
    }

    /**
     * True for the tensor ops of the language (their entries have a shape rule), false for
     * elementwise ops and for networks' own ops (which leave shapes to the network's validation).
     */
    public static boolean isLanguageTensorOp(Op op) {
        if (op.isElementwise()) {
            return false;
        }
        int n = op.arity() < 0 ? 2 : op.arity();
        int[][] shapes = new int[n][];
        java.util.Arrays.fill(shapes, new int[] {2, 2});
        try {
            return op.shape(shapes, new int[] {0}) != null;
        } catch (ShapeException e) {
            return true;
        }
    }

    public static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** A number whose magnitude is in [from, to), of random sign. */
    public static double awayFromZero(Random random, double from, double to) {
        double magnitude = uniform(random, from, to);
        return random.nextBoolean() ? magnitude : -magnitude;
    }
}
