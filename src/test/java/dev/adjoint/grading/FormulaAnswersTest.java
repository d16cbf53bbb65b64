package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FormulaAnswersTest {

    private static final ExpressionCompiler COMPILER = new ExpressionCompiler(Limits.DEFAULT);
    static final String EXAMPLE_1 = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f";

    /** The formula judge for an expression (or a program) at the bindings, with numpy's default tolerance. */
    static FormulaAnswers judge(String text, boolean program, Map<String, Double> bindings) {
        CompiledExpression compiled = program ? COMPILER.program(text, bindings.keySet(), null, null)
                : COMPILER.expression(text, bindings.keySet(), null);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        bindings.forEach((k, v) -> inputs.put(k, Tensor.scalar(v)));
        Evaluation e = Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output());
        return new FormulaAnswers(COMPILER, compiled, bindings, e, program, Tolerance.DEFAULT);
    }

    private static ItemResult gradientOf(String expression, Map<String, Double> bindings, String variable, String formula) {
        return judge(expression, false, bindings).judge("gradient." + variable, variable, formula);
    }

    @Test
    void sinOfTwoXIsTwoSinXCosX() {
        // d/dx (-cos(2x)/2) = sin(2x), written as the double-angle identity
        ItemResult r = gradientOf("-cos(2*x)/2", Map.of("x", 0.7), "x", "2*sin(x)*cos(x)");
        assertThat(r.verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(r.correct()).isTrue();
        assertThat(r.formula().pointsChecked()).isEqualTo(1 + FormulaAnswers.SAMPLE_POINTS);
        assertThat(r.formula().pointsAgreed()).isEqualTo(1 + FormulaAnswers.SAMPLE_POINTS);
        assertThat(r.formula().counterexample()).isNull();
        assertThat((Double) r.expected()).isCloseTo(Math.sin(1.4), within(1e-15));
    }

    @Test
    void expOfLogXIsXWhereXIsPositive() {
        ItemResult r = gradientOf("x^2/2", Map.of("x", 1.5), "x", "exp(log(x))");
        assertThat(r.verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(r.formula().pointsAgreed()).isEqualTo(r.formula().pointsChecked()).isEqualTo(9);
    }

    @Test
    void theSigmoidsDerivativeTwoWays() {
        ItemResult r = gradientOf("sigmoid(u)", Map.of("u", 0.3), "u", "exp(-u)/(1+exp(-u))^2");
        assertThat(r.verdict()).isEqualTo(Verdict.EQUIVALENT);
        ItemResult back = gradientOf("-log(1 + exp(-u))", Map.of("u", -1.2), "u", "1 - sigmoid(u)");
        assertThat(back.verdict()).isEqualTo(Verdict.EQUIVALENT);
        ItemResult product = gradientOf("sigmoid(u)", Map.of("u", 2.0), "u", "sigmoid(u)*(1-sigmoid(u))");
        assertThat(product.verdict()).isEqualTo(Verdict.EQUIVALENT);
    }

    @Test
    void aNearMissIsNotEquivalentWithACounterexample() {
        ItemResult r = gradientOf("x^3/3", Map.of("x", 2.0), "x", "x^2 + 1e-3*x");
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(r.correct()).isFalse();
        FormulaCheck.Counterexample at = r.formula().counterexample();
        assertThat(at.bindings()).containsEntry("x", 2.0); // the bindings are the first point checked
        assertThat(at.expected()).isEqualTo(4.0);
        assertThat(at.submitted()).isEqualTo(4.002);
        assertThat(r.formula().pointsAgreed()).isZero();
        assertThat(r.message()).contains("4.002").contains("at the bindings");
    }

    @Test
    void aFormulaRightOnlyAtTheBindingsIsFoundOutAtTheSamplePoints() {
        // the issue's own example: g_b = -a/b^2 + cos(b)/a, and 6 is a's value at x = 2, z = 3 only
        Map<String, Double> bindings = new LinkedHashMap<>(Map.of("x", 2.0));
        bindings.put("z", 3.0);
        FormulaAnswers judge = judge(EXAMPLE_1, true, bindings);
        ItemResult right = judge.judge("nodes.b.gradient", "b", "-a/b^2 + cos(b)/a");
        assertThat(right.verdict()).isEqualTo(Verdict.EQUIVALENT);
        ItemResult frozen = judge.judge("nodes.b.gradient", "b", "-a/b^2 + cos(b)/6");
        assertThat(frozen.verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(frozen.formula().pointsAgreed()).isEqualTo(1);
        FormulaCheck.Counterexample at = frozen.formula().counterexample();
        double x = at.bindings().get("x");
        double z = at.bindings().get("z");
        double a = x * z;
        double b = Math.log(x);
        assertThat(x).isNotEqualTo(2.0).isBetween(1.0, 3.0);
        assertThat(z).isBetween(1.5, 4.5);
        assertThat(at.expected()).isCloseTo(-a / (b * b) + Math.cos(b) / a, within(1e-9 * Math.abs(at.expected())));
        assertThat(at.submitted()).isCloseTo(-a / (b * b) + Math.cos(b) / 6, within(1e-9 * Math.abs(at.submitted())));
        // the same request is judged the same way every time
        ItemResult again = judge(EXAMPLE_1, true, bindings).judge("nodes.b.gradient", "b", "-a/b^2 + cos(b)/6");
        assertThat(again.formula().counterexample()).isEqualTo(at);
    }

    @Test
    void aSyntaxErrorIsNotAFormulaWithItsPlace() {
        ItemResult r = gradientOf("sin(x^2)", Map.of("x", 1.0), "x", "2*x*cos(x^2");
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_A_FORMULA);
        assertThat(r.formula().error().position()).isNotNull();
        assertThat(r.formula().error().line()).isEqualTo(1);
        assertThat(r.formula().error().column()).isGreaterThan(1);
        ItemResult unknown = gradientOf("sin(x^2)", Map.of("x", 1.0), "x", "2*q*cos(x^2)");
        assertThat(unknown.verdict()).isEqualTo(Verdict.NOT_A_FORMULA);
        assertThat(unknown.formula().error().message()).contains("'q'").contains("x");
        assertThat(unknown.formula().error().column()).isEqualTo(3);
        // an expression's service-made names (t1, ...) are not the student's to use
        assertThat(gradientOf("sin(x^2)", Map.of("x", 1.0), "x", "t1").verdict()).isEqualTo(Verdict.NOT_A_FORMULA);
    }

    @Test
    void oddTextsAreNotFormulasWithAReason() {
        for (String text : new String[] {"", "   ", "x = 2", "sin()", "sinn(x)", "2*x)", "x y"}) {
            ItemResult r = gradientOf("x^2", Map.of("x", 3.0), "x", text);
            assertThat(r.verdict()).as("'%s'", text).isEqualTo(Verdict.NOT_A_FORMULA);
            assertThat(r.formula().error().message()).as("'%s'", text).isNotBlank();
            assertThat(r.correct()).isFalse();
        }
        assertThat(gradientOf("x^2", Map.of("x", 3.0), "x", "sinn(x)").formula().error().message()).contains("sin");
        // JSON's names for non-finite numbers are numbers, not formulas
        assertThat(FormulaAnswers.isFormula("NaN")).isFalse();
        assertThat(FormulaAnswers.isFormula("-Infinity")).isFalse();
        assertThat(FormulaAnswers.isFormula("2*x")).isTrue();
    }

    @Test
    void aFormulaNotDefinedWhereTheTruthIsIsUndefined() {
        ItemResult r = gradientOf("x^2/2", Map.of("x", -1.5), "x", "exp(log(x))");
        assertThat(r.verdict()).isEqualTo(Verdict.UNDEFINED);
        assertThat(r.formula().counterexample().expected()).isEqualTo(-1.5);
        assertThat(r.formula().counterexample().submitted()).isNaN();
    }

    @Test
    void variablesOutsideWrtStayAtTheirBindings() {
        // y is a label: with wrt = [w] it stays 1, so a formula that uses y = 1 is right
        Map<String, Double> bindings = new LinkedHashMap<>(Map.of("w", 0.4));
        bindings.put("y", 1.0);
        CompiledExpression compiled = COMPILER.expression("-(y*log(sigmoid(w)) + (1-y)*log(1-sigmoid(w)))", bindings.keySet(), List.of("w"));
        Map<String, Tensor> inputs = Map.of("w", Tensor.scalar(0.4), "y", Tensor.scalar(1.0));
        Evaluation e = Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output());
        FormulaAnswers judge = new FormulaAnswers(COMPILER, compiled, bindings, e, false, Tolerance.DEFAULT);
        assertThat(judge.judge("gradient.w", "w", "sigmoid(w) - 1").verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(judge.judge("gradient.w", "w", "sigmoid(w) - y").verdict()).isEqualTo(Verdict.EQUIVALENT);
    }

    /** Identities at random bindings: each rewriting is equivalent, and the same rewriting scaled by 1 + 1e-3 is not. */
    @Test
    void rewritingsAreEquivalentAndNearMissesAreNotAtRandomBindings() {
        // {expression, its derivative in x rewritten}
        String[][] cases = {
                {"-cos(2*x)/2", "2*sin(x)*cos(x)"},
                {"x^2/2", "exp(log(x))"},
                {"sigmoid(x)", "exp(-x)/(1+exp(-x))^2"},
                {"tanh(x)", "1/cosh(x)^2"},
                {"log(x^2 + 1)", "2*x/(x^2+1)"},
                {"sqrt(x)", "x^(-1/2)/2"},
                {"softplus(x)", "sigmoid(x)"},
                {"exp(2*x)", "2*exp(x)^2"},
        };
        Random random = new Random(14);
        for (int trial = 0; trial < 40; trial++) {
            String[] c = cases[trial % cases.length];
            double x = 0.1 + 3 * random.nextDouble(); // x > 0 for log and sqrt
            FormulaAnswers judge = judge(c[0], false, Map.of("x", x));
            assertThat(judge.judge("gradient.x", "x", c[1]).verdict()).as("%s at x = %s", c[1], x).isEqualTo(Verdict.EQUIVALENT);
            ItemResult off = judge.judge("gradient.x", "x", "(" + c[1] + ")*(1 + 1e-3)");
            assertThat(off.verdict()).as("%s scaled at x = %s", c[1], x).isEqualTo(Verdict.NOT_EQUIVALENT);
            assertThat(off.formula().counterexample()).isNotNull();
        }
    }
}
