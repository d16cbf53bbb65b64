package dev.adjoint.grading;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraderTest {

    private static final Tolerance T = new Tolerance(1e-3, 1e-6);

    @Test
    void toleranceIsNumpysAllcloseRuleAtItsEdges() {
        double want = 100.0;
        double edge = 1e-6 + 1e-3 * want; // 0.100001
        assertThat(T.accepts(want + edge * 0.999999, want)).isTrue();
        assertThat(T.accepts(want + edge * 1.000001, want)).isFalse();
        assertThat(T.accepts(want - edge * 0.999999, want)).isTrue();
        // near zero only the absolute part is left
        assertThat(T.accepts(0.9e-6, 0.0)).isTrue();
        assertThat(T.accepts(1.1e-6, 0.0)).isFalse();
        // the rule is relative to the expected value, not the submitted one (numpy's asymmetry)
        assertThat(new Tolerance(0.5, 0).accepts(1.5, 1.0)).isTrue();
        assertThat(new Tolerance(0.5, 0).accepts(1.0, 1.5)).isTrue();
        assertThat(new Tolerance(0.5, 0).accepts(3.0, 1.9)).isFalse();
    }

    @Test
    void nanMatchesOnlyNanAndInfinityOnlyTheSameInfinity() {
        assertThat(T.accepts(Double.NaN, Double.NaN)).isTrue();
        assertThat(T.accepts(1.0, Double.NaN)).isFalse();
        assertThat(T.accepts(Double.NaN, 1.0)).isFalse();
        assertThat(T.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(T.accepts(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isFalse();
        assertThat(Grader.compare("v", Double.NaN, "NaN", T).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(Grader.compare("v", Double.POSITIVE_INFINITY, "Infinity", T).verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void aNumberIsCorrectWrongNotANumberOrMissing() {
        ItemResult wrong = Grader.compare("gradient.x", 2.0, 2.5, T);
        assertThat(wrong.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(wrong.absoluteError()).isEqualTo(0.5);
        assertThat(wrong.relativeError()).isEqualTo(0.25);
        assertThat(Grader.compare("gradient.x", 2.0, 2.0, T).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(Grader.compare("gradient.x", 2.0, "two", T).verdict()).isEqualTo(Verdict.NOT_A_NUMBER);
        assertThat(Grader.compare("gradient.x", 2.0, List.of(2.0), T).verdict()).isEqualTo(Verdict.NOT_A_NUMBER);
        assertThat(Grader.compare("gradient.x", 2.0, null, T).verdict()).isEqualTo(Verdict.MISSING);
        assertThat(Grader.compare("gradient.q", null, 1.0, T).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aMatrixReportsItsWrongElementsTheWorstAndTheFirstFew() {
        double[][] want = {{1, 2, 3}, {4, 5, 6}};
        List<List<Object>> got = List.of(List.of(1.0, 2.5, 3.0), List.of(4.0, 9.0, "x"));
        ItemResult r = Grader.compare("layers[0].weights", want, got, T);
        assertThat(r.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(r.elements()).isEqualTo(6);
        assertThat(r.wrongElements()).isEqualTo(3);
        assertThat(r.firstWrong()).extracting(ItemResult.ElementError::path)
                .containsExactly("layers[0].weights[0][1]", "layers[0].weights[1][1]", "layers[0].weights[1][2]");
        assertThat(r.worst().path()).isEqualTo("layers[0].weights[1][2]"); // a non-number is the worst
    }

    @Test
    void onlyTheFirstFiveWrongElementsAreListedButAllAreCounted() {
        double[] want = new double[20];
        List<Object> got = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            got.add(i < 12 ? 1.0 + i : 0.0);
        }
        ItemResult r = Grader.compare("x", want, got, T);
        assertThat(r.wrongElements()).isEqualTo(12);
        assertThat(r.firstWrong()).hasSize(Grader.FIRST_WRONG_SHOWN);
        assertThat(r.worst().path()).isEqualTo("x[11]");
        assertThat(r.worst().absoluteError()).isEqualTo(12.0);
    }

    @Test
    void aTransposedMatrixIsAWrongShapeWithAHint() {
        double[][] want = {{1, 2, 3}, {4, 5, 6}};
        ItemResult r = Grader.compare("layers[0].weights", want, List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6)), T);
        assertThat(r.verdict()).isEqualTo(Verdict.WRONG_SHAPE);
        assertThat(r.message()).contains("2 x 3").contains("3 x 2").contains("transposed");
        assertThat(Grader.compare("v", new double[] {1, 2}, List.of(1), T).verdict()).isEqualTo(Verdict.WRONG_SHAPE);
        assertThat(Grader.compare("v", new double[] {1, 2}, 1.0, T).verdict()).isEqualTo(Verdict.WRONG_SHAPE);
    }

    @Test
    void theFirstWrongGradientIsTheFirstInBackwardOrder() {
        // y = d + e; e = a / b; b = log(x); a = x * z. A slip at b makes b and x wrong; b is where it happened.
        List<String> order = List.of("x", "z", "a", "b", "d", "e", "y");
        List<Check> checks = List.of(
                new Check("nodes.x.gradient", 1.0, 2.0, "x", Check.Quantity.GRADIENT),
                new Check("nodes.b.gradient", -12.36, 12.62, "b", Check.Quantity.GRADIENT),
                new Check("nodes.e.gradient", 1.0, 1.0, "e", Check.Quantity.GRADIENT),
                new Check("nodes.a.gradient", 404.8, 404.8, "a", Check.Quantity.GRADIENT),
                new Check("nodes.a.value", 6.0, 6.0, "a", Check.Quantity.VALUE),
                new Check("nodes.d.value", 403.4, 400.0, "d", Check.Quantity.VALUE));
        GradingReport r = Grader.grade(checks, T, order, node -> node.equals("b") ? "g_b = ..." : null);
        assertThat(r.correct()).isFalse();
        assertThat(r.checked()).isEqualTo(6);
        assertThat(r.matched()).isEqualTo(3);
        assertThat(r.score()).isEqualTo(0.5);
        assertThat(r.firstWrongGradient().node()).isEqualTo("b");
        assertThat(r.firstWrongGradient().derivation()).isEqualTo("g_b = ...");
        assertThat(r.firstWrongValue().node()).isEqualTo("d");
    }

    @Test
    void allRightHasNoMistake() {
        GradingReport r = Grader.grade(List.of(new Check("value", 1.0, 1.0, "y", Check.Quantity.VALUE)), T, List.of("y"), n -> null);
        assertThat(r.correct()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.firstWrongGradient()).isNull();
        assertThat(r.firstWrongValue()).isNull();
    }
}
