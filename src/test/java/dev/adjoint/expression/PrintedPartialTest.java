package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Op;
import dev.adjoint.autodiff.OpRules;
import dev.adjoint.autodiff.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed partials of the op table (the {@code localDerivative} of a trace) are expressions of
 * the language: compiled back and evaluated, they give the number the op's partial rule gives.
 */
class PrintedPartialTest {

    private static final String[] IDS = {"a", "b", "c"};
    private static final int POINTS = 60;

    static Stream<Op> elementwiseOps() {
        return OpRules.elementwiseOps();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseOps")
    void printedPartialEvaluatesToThePartialOfTheRule(Op op) {
        int arity = OpRules.sampleArity(op);
        String[] ids = java.util.Arrays.copyOf(IDS, arity);
        Random random = new Random(1000L + op.ordinal());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            String text = OpRules.partialText(op, i, ids);
            CompiledExpression compiled = Run.COMPILER.expression(text, List.of(IDS), null);
            for (int p = 0; p < POINTS; p++) {
                double[] a = OpRules.samplePoint(op, random);
                Map<String, Double> bindings = new HashMap<>(Map.of("a", 0.0, "b", 0.0, "c", 0.0));
                for (int k = 0; k < arity; k++) {
                    bindings.put(IDS[k], a[k]);
                }
                double printed = Run.value(compiled, bindings);
                double rule = OpRules.partial(op, i, a);
                if (!close(printed, rule)) {
                    failures.add(op.symbol() + " slot " + i + " '" + text + "' at " + java.util.Arrays.toString(a)
                            + ": printed gives " + printed + ", rule gives " + rule);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest(name = "a^{0}")
    @ValueSource(strings = {"0", "0.5", "1", "2", "3", "2.5", "1e-3", "1.5E2"})
    void printedPartialsOfPowerWithNumericExponentEvaluateToTheRule(String exponent) {
        double b = Double.parseDouble(exponent);
        String[] ids = {"a", exponent};
        String baseText = OpRules.partialText(Op.POW, 0, ids);
        String exponentText = OpRules.partialText(Op.POW, 1, ids);
        CompiledExpression base = Run.expression(baseText, "a");
        CompiledExpression exp = Run.expression(exponentText, "a");
        boolean integer = b == Math.rint(b);
        Random random = new Random(exponent.hashCode());
        for (int p = 0; p < POINTS; p++) {
            double a = OpRules.uniform(random, 0.2, 3);
            if (integer && random.nextBoolean()) {
                a = -a; // an integer power of a negative base is defined; its base partial needs no log
            }
            double printedBase = Run.value(base, Map.of("a", a));
            assertThat(close(printedBase, OpRules.partial(Op.POW, 0, a, b)))
                    .as("%s at a = %s gives %s, rule %s", baseText, a, printedBase, OpRules.partial(Op.POW, 0, a, b)).isTrue();
            if (a > 0) {
                double printedExponent = Run.value(exp, Map.of("a", a));
                assertThat(close(printedExponent, OpRules.partial(Op.POW, 1, a, b)))
                        .as("%s at a = %s gives %s", exponentText, a, printedExponent).isTrue();
            }
        }
    }

    @Test
    void printedPartialsOfPowerWithNumericBaseEvaluateToTheRule() {
        String[] ids = {"2", "b"};
        CompiledExpression base = Run.expression(OpRules.partialText(Op.POW, 0, ids), "b");
        CompiledExpression exp = Run.expression(OpRules.partialText(Op.POW, 1, ids), "b");
        Random random = new Random(5);
        for (int p = 0; p < POINTS; p++) {
            double b = OpRules.uniform(random, -2, 3);
            assertThat(close(Run.value(base, Map.of("b", b)), OpRules.partial(Op.POW, 0, 2.0, b))).isTrue();
            assertThat(close(Run.value(exp, Map.of("b", b)), OpRules.partial(Op.POW, 1, 2.0, b))).isTrue();
        }
    }

    @Test
    void printedPartialsOfKinksEvaluateToZeroAtZero() {
        assertThat(Run.value(Run.expression(OpRules.partialText(Op.ABS, 0, "a"), "a"), Map.of("a", 0.0))).isEqualTo(0.0);
        assertThat(Run.value(Run.expression(OpRules.partialText(Op.RELU, 0, "a"), "a"), Map.of("a", 0.0))).isEqualTo(0.0);
    }

    /**
     * Every term of real traces: its localDerivative, compiled with the node ids bound to the node
     * values, gives its localValue. Covers the sums printed for a node used in several slots
     * ({@code x * x}, {@code x / x}, {@code x^x}, {@code x - x}, a chain {@code x + x + y}).
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
            "x * x", "x / x", "x^x", "x - x", "x + x + z", "z * tanh(x) * tanh(x)", "x^3 + x^0.5 - 2^x",
            "sigmoid(x*z) / (1 + cosh(z))", "atan(x) * asin(z / 10) + acos(x / 10) - sqrt(x) * log2(z) * log10(x)",
            "softplus(x - z) + relu(z - x) + abs(x - z) + sinh(z) / tan(x)",
            "e^x + pi * z"})
    void everyLocalDerivativeInATraceEvaluatesToItsLocalValue(String expression) {
        CompiledExpression compiled = Run.expression(expression, "x", "z");
        Evaluation evaluation = Run.evaluate(compiled, Run.bind("x", 1.3, "z", 0.7));
        checkTerms(evaluation);
    }

    @Test
    void everyLocalDerivativeInTheSeedProgramTraceEvaluatesToItsLocalValue() {
        CompiledExpression compiled = Run.program("a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f",
                null, "x", "z");
        checkTerms(Run.evaluate(compiled, Run.bind("x", 2, "z", 3)));
    }

    private static void checkTerms(Evaluation evaluation) {
        Graph graph = evaluation.graph();
        List<String> names = new ArrayList<>();
        Map<String, Double> values = new HashMap<>();
        for (int n = 0; n < graph.size(); n++) {
            if (graph.kind(n) != Graph.Kind.CONSTANT) {
                names.add(graph.id(n));
                values.put(graph.id(n), evaluation.value(n).item());
            }
        }
        int terms = 0;
        for (Trace.BackwardEntry entry : Trace.of(evaluation).backward()) {
            for (Trace.Term term : entry.terms()) {
                CompiledExpression partial = Run.COMPILER.expression(term.localDerivative(), names, null);
                double printed = Run.value(partial, values);
                assertThat(close(printed, term.localValue().item()))
                        .as("d %s / d %s printed '%s' gives %s, local value %s", term.consumer(), entry.id(),
                                term.localDerivative(), printed, term.localValue())
                        .isTrue();
                terms++;
            }
        }
        assertThat(terms).isPositive();
    }

    private static boolean close(double actual, double expected) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            return Double.compare(actual, expected) == 0;
        }
        return Math.abs(actual - expected) <= 1e-9 * Math.max(1.0, Math.abs(expected));
    }
}
