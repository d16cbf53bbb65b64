package dev.adjoint.expression;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Messages for what students actually type, and syntax errors listed together rather than one at a time. */
class StudentMessagesTest {

    private static ExpressionSyntaxException syntax(String text, String... variables) {
        ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression(text, variables), ExpressionSyntaxException.class);
        assertThat(e).as(text).isNotNull();
        return e;
    }

    private static ExpressionSyntaxException syntaxInProgram(String text, String... variables) {
        ExpressionSyntaxException e = catchThrowableOfType(() -> Run.program(text, null, variables), ExpressionSyntaxException.class);
        assertThat(e).as(text).isNotNull();
        return e;
    }

    private static List<Diagnostic> diagnostics(String text, String... variables) {
        NotComputableException e = catchThrowableOfType(() -> Run.expression(text, variables), NotComputableException.class);
        assertThat(e).as(text).isNotNull();
        return e.diagnostics();
    }

    @Test
    void typographicTimesSignsSayUseStar() {
        for (String sign : new String[] {"\u00d7", "\u00b7", "\u22c5"}) {
            ExpressionSyntaxException e = syntax("x " + sign + " y", "x", "y");
            assertThat(e.getMessage()).as(sign).contains("use *");
            assertThat(e.position()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(3);
            assertThat(e.token()).isEqualTo(sign);
            assertThat(e.problems()).hasSize(1); // read as '*', the rest parses: nothing else to report
        }
    }

    @Test
    void theUnicodeMinusSaysUseTheAsciiMinus() {
        ExpressionSyntaxException e = syntax("x \u2212 y", "x", "y");
        assertThat(e.getMessage()).contains("use -");
        assertThat(e.position()).isEqualTo(2);
    }

    @Test
    void superscriptPowersSayUseCaret() {
        assertThat(syntax("x\u00b2 + 1", "x").getMessage()).contains("use ^2");
        assertThat(syntax("x\u00b3", "x").getMessage()).contains("use ^3");
        ExpressionSyntaxException both = syntax("x\u00b2 + y\u00b3", "x", "y");
        assertThat(both.problems()).extracting(ExpressionSyntaxException.Problem::position).containsExactly(1, 6);
        assertThat(both.problems().get(1).message()).contains("use ^3");
    }

    @Test
    void logWithABaseSuggestsLog2OrADivision() {
        Diagnostic d = diagnostics("log(x, 2)", "x").get(0);
        assertThat(d.code()).isEqualTo("arity");
        assertThat(d.message()).contains("log2(x)").contains("log(x)/log(2)");
        Diagnostic base3 = diagnostics("log(x + 1, 3)", "x").get(0);
        assertThat(base3.message()).contains("log(x + 1)/log(3)").doesNotContain("log2");
    }

    @Test
    void didYouMeanOnlyForNamesCloseToAKnownOne() {
        Diagnostic z = diagnostics("x * z", "x").get(0);
        assertThat(z.code()).isEqualTo("unbound-variable");
        assertThat(z.suggestion()).isNull();
        assertThat(z.message()).doesNotContain("did you mean");

        assertThat(diagnostics("x * yy", "x", "y").get(0).suggestion()).isEqualTo("y");
        assertThat(diagnostics("X * 2", "x").get(0).suggestion()).isEqualTo("x");
        assertThat(diagnostics("rate1 * 2", "rate").get(0).suggestion()).isEqualTo("rate");
        assertThat(diagnostics("speed * 2", "x").get(0).suggestion()).isNull();
        assertThat(diagnostics("sni(x)", "x").get(0).suggestion()).isEqualTo("sin");
        // sin, sinh and sign are each one edit from sinn: the one it starts like, then the shorter
        assertThat(diagnostics("sinn(x)", "x").get(0).suggestion()).isEqualTo("sin");
        assertThat(Suggestions.closest("sinn", List.of("sign", "sinh", "sin"))).isEqualTo("sin");
        assertThat(Suggestions.closest("coss", List.of("cos", "cosh"))).isEqualTo("cos");
        assertThat(diagnostics("qq(x)", "x").get(0).suggestion()).isNull();
    }

    @Test
    void suggestionsRuleOutNamesThatShareNothing() {
        assertThat(Suggestions.closest("z", List.of("x", "y"))).isNull();
        assertThat(Suggestions.closest("b", List.of("a"))).isNull();
        assertThat(Suggestions.closest("w0", List.of("v0"))).isEqualTo("v0");
        assertThat(Suggestions.closest("x", List.of("x"))).isNull(); // the name itself is no suggestion
    }

    @Test
    void severalSyntaxErrorsInOneExpressionAreListedInOrder() {
        ExpressionSyntaxException e = syntax("x +* 2 + (y", "x", "y");
        assertThat(e.position()).isEqualTo(3); // the first, as before
        assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::position).containsExactly(3, 9);
        assertThat(e.problems().get(1).message()).contains("never closed");
        assertThat(e.problems().get(1).column()).isEqualTo(10);
    }

    @Test
    void aMissingStarIsReportedAndTheRestStillChecked() {
        ExpressionSyntaxException e = syntax("2 x + ) ", "x");
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0).message()).contains("multiplication needs '*'");
        assertThat(e.problems().get(1).token()).isEqualTo(")");
    }

    @Test
    void aRootSignOrAFunctionWithoutParenthesesGetsTheSpellingToUse() {
        ExpressionSyntaxException root = syntax("\u221ax + 1", "x");
        assertThat(root.problems()).hasSize(1); // the operand is still read: no second complaint about x
        assertThat(root.problems().get(0).message()).isEqualTo("'\u221a' is not an operator here; use sqrt(x)");
        assertThat(root.position()).isZero();
        assertThat(syntax("2 * \u221a(x)", "x").problems().get(0).message()).endsWith("use sqrt(...)");

        for (String[] c : new String[][] {{"ln x", "ln(x)"}, {"sin x", "sin(x)"}, {"log 2", "log(2)"}}) {
            ExpressionSyntaxException e = syntax(c[0], "x");
            assertThat(e.problems().get(0).message()).as(c[0]).contains("a function's argument goes in parentheses: " + c[1])
                    .doesNotContain("multiplication");
        }
        // a plain name before an operand is still a missing '*'
        assertThat(syntax("y x", "x", "y").problems().get(0).message()).contains("multiplication needs '*'");
    }

    /** x ** 2 is Python's spelling of x^2, accepted as it (API.md section 3), with ^'s precedence: -x**2 is -(x^2). */
    @Test
    void doubleStarIsPower() {
        for (double x : new double[] {-3, 0.5, 1.25}) {
            Map<String, Double> at = Run.bind("x", x);
            assertThat(Run.valueOf("x ** 2", at)).isEqualTo(x * x);
            assertThat(Run.valueOf("-x ** 2 + 2 ** 3 ** x", at)).isEqualTo(-(x * x) + Math.pow(2, Math.pow(3, x)))
                    .isEqualTo(Run.valueOf("-x^2 + 2^3^x", at));
            assertThat(Run.gradient(Run.evaluate(Run.expression("x ** 3", "x"), at), "x")).isEqualTo(3 * x * x);
        }
    }

    @Test
    void eachBrokenProgramLineIsReportedWithItsLine() {
        ExpressionSyntaxException e = syntaxInProgram("a = x +\nb = (a\nc = a b\nd = a * 2", "x");
        assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::line).containsExactly(1, 2, 3);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.problems().get(1).message()).contains("never closed");
        assertThat(e.problems().get(2).message()).contains("multiplication needs '*'");
        assertThat(e.problems().get(2).column()).isEqualTo(7);
    }

    @Test
    void aLineThatIsNotAnAssignmentDoesNotHideTheNext() {
        ExpressionSyntaxException e = syntaxInProgram("x + 1\nb = x \u00d7 2", "x");
        assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::line).containsExactly(1, 2);
        assertThat(e.problems().get(1).message()).contains("use *");
    }

    @Test
    void theNumberOfListedProblemsIsCapped() {
        ExpressionCompiler three = new ExpressionCompiler(new Limits(10_000, 100, 1000, 1_000_000, 16_000_000, 3));
        ExpressionSyntaxException e = catchThrowableOfType(
                () -> three.expression("x \u00d7 x \u00d7 x \u00d7 x \u00d7 x \u00d7 x", List.of("x"), null), ExpressionSyntaxException.class);
        assertThat(e.problems()).hasSize(3);
        ExpressionSyntaxException all = syntax("x \u00d7 x \u00d7 x \u00d7 x \u00d7 x \u00d7 x", "x");
        assertThat(all.problems()).hasSize(5);
    }

    @Test
    void wellFormedTensorTextStillParses() {
        assertThat(Run.valueOf("2 * 3 - 1")).isEqualTo(5.0);
        CompiledExpression c = Run.COMPILER.expression("sum([x, 2 * x]' @ [1, 1]) + [x, 3][1]",
                java.util.Map.of("x", new int[0]), null);
        assertThat(c).isNotNull();
    }

    /**
     * Random broken text (seeded): the problems are in text order at distinct positions, within the
     * cap, each with the line and column of its position; the exception's own position is the first
     * problem's; and a compiler that lists only one problem reports that same first one.
     */
    @Test
    void recoveryKeepsTheFirstProblemOnTopAndListsTheRestInOrder() {
        java.util.Random random = new java.util.Random(20261127L);
        String[] pieces = {"x", "y", "2", "1.5", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "'", "@", " ", "\n",
            "sin(", "log(", "\u00d7", "\u2212", "\u00b2", "=", ";", "$", "x y", "A[0]"};
        ExpressionCompiler one = new ExpressionCompiler(new Limits(10_000, 100, 1000, 1_000_000, 16_000_000, 1));
        int listedSeveral = 0;
        for (int trial = 0; trial < 3000; trial++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(14);
            for (int k = 0; k < n; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean program = random.nextBoolean();
            String t = program ? "a = " + text : text.toString();
            ExpressionSyntaxException all = syntaxOrNull(Run.COMPILER, t, program);
            ExpressionSyntaxException first = syntaxOrNull(one, t, program);
            assertThat(first == null).as(t).isEqualTo(all == null);
            if (all == null) {
                continue;
            }
            List<ExpressionSyntaxException.Problem> problems = all.problems();
            assertThat(problems).as(t).isNotEmpty().hasSizeLessThanOrEqualTo(Limits.DEFAULT_MAX_SYNTAX_ERRORS);
            for (int i = 1; i < problems.size(); i++) {
                assertThat(problems.get(i).position()).as(t).isGreaterThan(problems.get(i - 1).position());
            }
            for (ExpressionSyntaxException.Problem p : problems) {
                String before = t.substring(0, Math.min(p.position(), t.length()));
                assertThat(p.line()).as(t).isEqualTo(1 + (int) before.chars().filter(c -> c == '\n').count());
                assertThat(p.column()).as(t).isEqualTo(before.length() - before.lastIndexOf('\n'));
                assertThat(p.message()).as(t).isNotBlank();
            }
            assertThat(all.position()).isEqualTo(problems.get(0).position());
            assertThat(all.getMessage()).isEqualTo(problems.get(0).message());
            assertThat(first.problems()).hasSize(1);
            assertThat(first.position()).as(t).isEqualTo(all.position());
            assertThat(first.getMessage()).as(t).isEqualTo(all.getMessage());
            if (problems.size() > 1) {
                listedSeveral++;
            }
        }
        assertThat(listedSeveral).isGreaterThan(100); // recovery is exercised, not only the first error
    }

    @Test
    void anAssignmentInAnExpressionIsOneProblemSayingToSendAProgram() {
        ExpressionSyntaxException e = syntax("y = x * 2", "x");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.position()).isEqualTo(2);
        assertThat(e.getMessage()).contains("send it as \"program\"");
    }

    @Test
    void aTextOfManyStrayCharactersListsOnlyTheFirstFew() {
        ExpressionSyntaxException e = syntax("x" + " $".repeat(300_000), "x");
        assertThat(e.problems()).hasSize(Limits.DEFAULT_MAX_SYNTAX_ERRORS);
        assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::position).startsWith(2, 4, 6);
        ExpressionSyntaxException lines = syntaxInProgram("a = x +\n".repeat(100_000), "x");
        assertThat(lines.problems()).hasSize(Limits.DEFAULT_MAX_SYNTAX_ERRORS);
        assertThat(lines.problems()).extracting(ExpressionSyntaxException.Problem::line).startsWith(1, 2, 3);
    }

    private static ExpressionSyntaxException syntaxOrNull(ExpressionCompiler compiler, String text, boolean program) {
        try {
            if (program) {
                compiler.program(text, List.of("x", "y", "A"), null, null);
            } else {
                compiler.expression(text, List.of("x", "y", "A"), null);
            }
            return null;
        } catch (ExpressionSyntaxException e) {
            return e;
        } catch (NotComputableException | dev.adjoint.autodiff.LimitExceededException e) {
            return null;
        }
    }
}
