package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of slip, made on purpose in the lecture note's Example 1 at x = 2, z = 3. */
class MistakeDiagnosisTest {

    private static final Tolerance T = Tolerance.DEFAULT;
    // The note's Example 1 by hand: a = xz, b = log x, c = sin b, d = exp a, e = a/b, f = c/a, y = d + e + f
    private static final double X = 2, Z = 3, A = X * Z, B = Math.log(X), C = Math.sin(B);
    private static final double G_E = 1, G_F = 1, G_D = 1, G_C = G_F / A;
    private static final double G_B = G_E * (-A / (B * B)) + G_C * Math.cos(B);
    private static final double G_A = G_D * Math.exp(A) + G_E / B + G_F * (-C / (A * A));
    private static final double G_X = G_A * Z + G_B / X;

    private static Function<String, List<MistakeDiagnosis.Term>> terms;

    @BeforeAll
    static void trace() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        CompiledExpression p = compiler.program(FormulaAnswersTest.EXAMPLE_1, List.of("x", "z"), null, null);
        Evaluation e = Evaluation.run(p.graph(), Map.of("x", Tensor.scalar(X), "z", Tensor.scalar(Z)), Set.of("x", "z"), p.output());
        terms = MistakeDiagnosis.termsOf(Trace.of(e));
    }

    private static Diagnosis diagnose(String node, double submitted, double expected) {
        return MistakeDiagnosis.diagnose(node, submitted, expected, terms.apply(node), T);
    }

    @Test
    void theNotesOwnSlipIsTheLocalDerivativeFromEWithItsSignFlipped() {
        double slip = G_E * (A / (B * B)) + G_C * Math.cos(B); // de/db taken as +a/b^2, as the note prints it
        Diagnosis d = diagnose("b", slip, G_B);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG);
        assertThat(d.consumer()).isEqualTo("e");
        assertThat(d.factor()).isEqualTo(-1.0);
        assertThat(d.localDerivative()).isEqualTo("-a / b^2");
        assertThat(d.explanation()).contains("term from e").contains("sign flipped").contains("-a / b^2").contains("not +a / b^2");
    }

    @Test
    void aWholeSumWithTheWrongSignIsSignFlipped() {
        Diagnosis d = diagnose("b", -G_B, G_B);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.SIGN_FLIPPED);
        assertThat(d.factor()).isEqualTo(-1.0);
        assertThat(d.consumer()).isNull();
    }

    @Test
    void twiceOrHalfTheGradientIsOffByAFactor() {
        Diagnosis twice = diagnose("x", 2 * G_X, G_X);
        assertThat(twice.kind()).isEqualTo(Diagnosis.Kind.OFF_BY_FACTOR);
        assertThat(twice.factor()).isEqualTo(2.0);
        Diagnosis half = diagnose("x", G_X / 2, G_X);
        assertThat(half.kind()).isEqualTo(Diagnosis.Kind.OFF_BY_FACTOR);
        assertThat(half.factor()).isEqualTo(0.5);
    }

    @Test
    void theFanOutFromFIntoAForgottenIsAMissingTerm() {
        double forgot = G_D * Math.exp(A) + G_E / B; // a feeds d, e and f; f's term left out
        Diagnosis d = diagnose("a", forgot, G_A);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.MISSING_TERM);
        assertThat(d.consumer()).isEqualTo("f");
        assertThat(d.explanation()).contains("leaves out the term from f").contains("a feeds f, e and d");
    }

    @Test
    void aTermCountedTwiceIsAnExtraTerm() {
        double twice = G_D * Math.exp(A) + 2 * G_E / B + G_F * (-C / (A * A));
        Diagnosis d = diagnose("a", twice, G_A);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.EXTRA_TERM);
        assertThat(d.consumer()).isEqualTo("e");
    }

    @Test
    void aTermFromAnInputGoesTheWrongWay() {
        double wrongWay = G_B + G_X * (1 / X); // g_b with g_x · ∂b/∂x added: b = log(x) is made from x, x does not consume b
        Diagnosis d = diagnose("b", wrongWay, G_B);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.EXTRA_TERM);
        assertThat(d.consumer()).isNull();
        assertThat(d.localDerivative()).isEqualTo("1 / x");
        assertThat(d.explanation()).contains("g_x").contains("wrong way").contains("(e and c)");
    }

    @Test
    void aLeftOutLocalDerivativeIsNamed() {
        double noLocal = G_E * 1 + G_C * Math.cos(B); // g_e times nothing
        Diagnosis d = diagnose("b", noLocal, G_B);
        assertThat(d.kind()).isEqualTo(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG);
        assertThat(d.consumer()).isEqualTo("e");
        assertThat(d.explanation()).contains("leaves out the local derivative");
    }

    /** The slips at b, made by hand at random bindings, are each recognised for what they are. */
    @Test
    void eachSlipAtBIsRecognisedAtRandomBindings() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        CompiledExpression p = compiler.program(FormulaAnswersTest.EXAMPLE_1, List.of("x", "z"), null, null);
        java.util.Random random = new java.util.Random(1414);
        for (int trial = 0; trial < 60; trial++) {
            double x = 1.5 + 1.5 * random.nextDouble();
            double z = 1 + 2 * random.nextDouble();
            double a = x * z;
            double b = Math.log(x);
            double fromE = -a / (b * b);         // g_e = 1
            double fromC = Math.cos(b) / a;      // g_c = g_f / a = 1 / a
            double gb = fromE + fromC;
            Evaluation e = Evaluation.run(p.graph(), Map.of("x", Tensor.scalar(x), "z", Tensor.scalar(z)), Set.of("x", "z"), p.output());
            List<MistakeDiagnosis.Term> bTerms = MistakeDiagnosis.termsOf(Trace.of(e)).apply("b");
            String at = "x = " + x + ", z = " + z;
            assertThat(MistakeDiagnosis.diagnose("b", -gb, gb, bTerms, T).kind()).as(at).isEqualTo(Diagnosis.Kind.SIGN_FLIPPED);
            assertThat(MistakeDiagnosis.diagnose("b", gb / 2, gb, bTerms, T).factor()).as(at).isEqualTo(0.5);
            Diagnosis missing = MistakeDiagnosis.diagnose("b", fromE, gb, bTerms, T);
            assertThat(missing.kind()).as(at).isEqualTo(Diagnosis.Kind.MISSING_TERM);
            assertThat(missing.consumer()).isEqualTo("c");
            Diagnosis extra = MistakeDiagnosis.diagnose("b", fromE + 2 * fromC, gb, bTerms, T);
            assertThat(extra.kind()).as(at).isEqualTo(Diagnosis.Kind.EXTRA_TERM);
            assertThat(extra.consumer()).isEqualTo("c");
            Diagnosis slip = MistakeDiagnosis.diagnose("b", -fromE + fromC, gb, bTerms, T);
            assertThat(slip.kind()).as(at).isEqualTo(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG);
            assertThat(slip.consumer()).isEqualTo("e");
            assertThat(slip.factor()).isEqualTo(-1.0);
        }
    }

    @Test
    void noDiagnosisWhenNothingFitsOrTheAnswerIsRight() {
        assertThat(diagnose("b", 1234.5, G_B)).isNull();
        assertThat(diagnose("b", G_B, G_B)).isNull();
        assertThat(diagnose("b", Double.NaN, G_B)).isNull();
    }

    @Test
    void aFormulaWithTheNotesSlipIsDiagnosedFromItsValueAtTheBindings() {
        Map<String, Double> bindings = new java.util.LinkedHashMap<>(Map.of("x", X));
        bindings.put("z", Z);
        FormulaAnswers formulas = FormulaAnswersTest.judge(FormulaAnswersTest.EXAMPLE_1, true, bindings);
        List<Check> checks = List.of(new Check("nodes.b.gradient", G_B, "a/b^2 + cos(b)/a", "b", Check.Quantity.GRADIENT),
                new Check("nodes.a.gradient", G_A, "exp(a) + 1/b - c/a^2", "a", Check.Quantity.GRADIENT));
        GradingReport r = Grader.grade(checks, T, List.of("x", "z", "a", "b", "c", "d", "e", "f", "y"), n -> null, terms, formulas);
        assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(r.results().get(0).likelyMistake().kind()).isEqualTo(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG);
        assertThat(r.results().get(0).likelyMistake().consumer()).isEqualTo("e");
        assertThat(r.results().get(1).verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(r.results().get(1).likelyMistake()).isNull();
        assertThat(r.matched()).isEqualTo(1);
    }

    @Test
    void theGraderAttachesTheDiagnosisToTheItemAndToTheFirstWrongGradient() {
        double slip = G_E * (A / (B * B)) + G_C * Math.cos(B);
        List<Check> checks = List.of(new Check("nodes.b.gradient", G_B, slip, "b", Check.Quantity.GRADIENT),
                new Check("nodes.e.gradient", G_E, 1.0, "e", Check.Quantity.GRADIENT));
        GradingReport r = Grader.grade(checks, T, List.of("x", "z", "a", "b", "c", "d", "e", "f", "y"), n -> null, terms, null);
        assertThat(r.results().get(0).likelyMistake().kind()).isEqualTo(Diagnosis.Kind.LOCAL_DERIVATIVE_WRONG);
        assertThat(r.results().get(1).likelyMistake()).isNull();
        assertThat(r.firstWrongGradient().likelyMistake().consumer()).isEqualTo("e");
    }
}
