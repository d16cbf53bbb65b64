package dev.adjoint.expression;

import dev.adjoint.autodiff.GradientGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Derivative formulas read as a person writes them, stay linear in size when shared, and compute the gradient. */
class DerivativeFormulaTest {

    private final HigherOrder higher = new HigherOrder(200_000, 1000, 100_000_000);

    private String derivative(String expression, String variable) {
        return higher.derivatives(Run.expression(expression, "x", "z"), 1).first().get(variable).expression();
    }

    @Test
    void eToTheXDifferentiatesToEToTheXWithoutALogOfE() {
        assertThat(derivative("e^x", "x")).isEqualTo("e^x");
        assertThat(derivative("log(e) * x", "x")).isEqualTo("1");
    }

    @Test
    void onesZerosAndDoubleNegationsAreGone() {
        assertThat(derivative("x*1 + 0*z", "x")).isEqualTo("1");
        assertThat(derivative("--x / 1 - 0", "x")).isEqualTo("1");
        assertThat(derivative("x^1 * z", "x")).isEqualTo("z");
        assertThat(derivative("x*1 + 0*z", "z")).isEqualTo("0");
    }

    @Test
    void powersAndTheChainRuleReadAsInATextbook() {
        assertThat(derivative("x^3 + 2*x", "x")).isEqualTo("3 * x^2 + 2");
        assertThat(derivative("x*x", "x")).isEqualTo("2 * x");
        assertThat(derivative("sin(x^2)", "x")).isEqualTo("2 * x * cos(x^2)");
        assertThat(derivative("x/z", "z")).isEqualTo("-x / z^2");
        assertThat(higher.derivatives(Run.expression("x^3", "x"), 2).second().get("x").get("x").expression()).isEqualTo("6 * x");
    }

    @Test
    void latexUsesFractionsAndPowers() {
        assertThat(higher.derivatives(Run.expression("x/z", "x", "z"), 1).first().get("z").latex()).isEqualTo("-\\frac{x}{z^{2}}");
        assertThat(higher.derivatives(Run.expression("sin(beta_0) * x1", "beta_0", "x1"), 1).first().get("beta_0").latex())
                .isEqualTo("\\cos\\left(\\beta_{0}\\right) \\cdot x_{1}");
    }

    @Test
    void exampleOneAsAProgramNamesTheNotesSharedPartsAndTheirPartials() {
        CompiledExpression c = Run.program("a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f", null, "x", "z");
        HigherOrder.Formula dx = higher.derivatives(c, 1).first().get("x");
        assertThat(dx.program()).startsWith("a = x * z\nb = log(x)\ng_x = ").contains("-a / b^2");
        Map<String, Double> at = Run.bind("x", 2, "z", 3);
        double want = Run.gradient(Run.evaluate(c, at), "x");
        assertThat(Run.value(Run.program(dx.program(), null, "x", "z"), at)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(want)));
        assertThat(Run.valueOf(dx.expression(), at)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(want)));
    }

    @Test
    void aThirtyLineChainWhoseFormulaWouldHaveBillionsOfTermsComesAsAProgramOnly() {
        StringBuilder p = new StringBuilder("a1 = sin(x) * x");
        for (int i = 2; i <= 30; i++) {
            p.append("\na").append(i).append(" = sin(a").append(i - 1).append(") * a").append(i - 1);
        }
        CompiledExpression c = Run.program(p.toString(), null, "x");
        GradientGraph gg = GradientGraph.of(c.graph(), c.output(), List.of("x"), 200_000);
        assertThat(new FormulaPrinter(gg.graph(), gg.gradients().get("x")).expandedSize()).isGreaterThan(1L << 30);

        HigherOrder.Formula dx = higher.derivatives(c, 1).first().get("x");
        assertThat(dx.expression()).isNull();
        assertThat(dx.program().lines().count()).isLessThanOrEqualTo(3 * 30 + 1);
        assertThat(dx.latex()).startsWith("\\begin{aligned}");
        Map<String, Double> at = Run.bind("x", 0.7);
        double want = Run.gradient(Run.evaluate(c, at), "x");
        assertThat(Run.value(Run.program(dx.program(), null, "x"), at)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * Math.abs(want)));
    }

    @Test
    void thirtySquaringsStaySmall() {
        StringBuilder p = new StringBuilder("a1 = x * x");
        for (int i = 2; i <= 30; i++) {
            p.append("\na").append(i).append(" = a").append(i - 1).append(" * a").append(i - 1);
        }
        HigherOrder.Formula dx = higher.derivatives(Run.program(p.toString(), null, "x"), 1).first().get("x");
        assertThat(dx.program().length()).isLessThan(5000);
        assertThat(Run.value(Run.program(dx.program(), null, "x"), Run.bind("x", 1.0))).isEqualTo(Math.pow(2, 30));
    }
}
