package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Op;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.adjoint.expression.Run.bind;
import static dev.adjoint.expression.Run.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class ExpressionCompilerTest {

    private static final String EXAMPLE_1 = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    private static final String SEED_PROGRAM = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f";

    @Nested
    class PrecedenceAndSyntax {

        @Test
        void unaryMinusBindsLooserThanPower() {
            assertThat(valueOf("-x^2", bind("x", 3))).isEqualTo(-9.0);
            assertThat(valueOf("-2^2")).isEqualTo(-4.0);
            assertThat(valueOf("2 * -x^2", bind("x", 3))).isEqualTo(-18.0);
        }

        @Test
        void powerIsRightAssociative() {
            double x = 0.5;
            assertThat(valueOf("2^3^x", bind("x", x))).isEqualTo(Math.pow(2, Math.pow(3, x)));
            assertThat(valueOf("2^3^x", bind("x", x))).isNotEqualTo(Math.pow(Math.pow(2, 3), x));
            assertThat(valueOf("2^3^2")).isEqualTo(512.0);
        }

        @Test
        void subtractionAndDivisionAreLeftAssociative() {
            assertThat(valueOf("x - y - z", bind("x", 10, "y", 3, "z", 2))).isEqualTo(5.0);
            assertThat(valueOf("x / y / z", bind("x", 12, "y", 3, "z", 2))).isEqualTo(2.0);
            assertThat(valueOf("x - y + z", bind("x", 10, "y", 3, "z", 2))).isEqualTo(9.0);
            assertThat(valueOf("x / y * z", bind("x", 12, "y", 3, "z", 2))).isEqualTo(8.0);
        }

        @Test
        void multiplicationBindsTighterThanAddition() {
            assertThat(valueOf("2 + 3 * 4")).isEqualTo(14.0);
            assertThat(valueOf("(2 + 3) * 4")).isEqualTo(20.0);
            assertThat(valueOf("2 * 3 + 4 / 8 - 1")).isEqualTo(5.5);
        }

        @Test
        void doubleStarIsPower() {
            assertThat(valueOf("x ** 2", bind("x", 3))).isEqualTo(9.0);
            assertThat(valueOf("2 ** 3 ** 2")).isEqualTo(valueOf("2 ^ 3 ^ 2"));
            assertThat(valueOf("pow(x, 3)", bind("x", 2))).isEqualTo(8.0);
        }

        @Test
        void numbersMayStartWithAPointAndHaveAnExponent() {
            assertThat(valueOf(".5 * x", bind("x", 2))).isEqualTo(1.0);
            assertThat(valueOf("1.5e-3")).isEqualTo(0.0015);
            assertThat(valueOf("2E2")).isEqualTo(200.0);
            assertThat(valueOf("1.5e+1")).isEqualTo(15.0);
            assertThat(valueOf("3.")).isEqualTo(3.0);
        }

        @Test
        void unaryPlusIsTheIdentityAndUnaryMinusMayFollowPower() {
            assertThat(valueOf("+x", bind("x", 4))).isEqualTo(4.0);
            assertThat(valueOf("x * +y", bind("x", 4, "y", 5))).isEqualTo(20.0);
            assertThat(valueOf("2^-x", bind("x", 1))).isEqualTo(0.5);
            assertThat(valueOf("2^-x^2", bind("x", 2))).isEqualTo(Math.pow(2, -4));
            assertThat(valueOf("--x", bind("x", 4))).isEqualTo(4.0);
            assertThat(valueOf("x - -y", bind("x", 4, "y", 5))).isEqualTo(9.0);
        }

        @Test
        void constantsPiAndEAreKnownAndLnIsTheNaturalLog() {
            assertThat(valueOf("pi")).isEqualTo(Math.PI);
            assertThat(valueOf("e")).isEqualTo(Math.E);
            assertThat(valueOf("ln(e^2)")).isCloseTo(2.0, within(1e-14));
            assertThat(valueOf("log(e)")).isCloseTo(1.0, within(1e-15));
        }

        @Test
        void aBindingNamedEShadowsTheConstant() {
            assertThat(valueOf("e", bind("e", 5))).isEqualTo(5.0);
            assertThat(valueOf("e^2 + pi", bind("e", 5))).isEqualTo(25 + Math.PI);
            CompiledExpression compiled = Run.expression("e * x", "e", "x");
            Evaluation ev = Run.evaluate(compiled, bind("e", 5, "x", 2));
            assertThat(Run.gradient(ev, "e")).isEqualTo(2.0);
        }

        @Test
        void commentsAndNewlinesAreSpaceInAnExpression() {
            assertThat(valueOf("x *\n 2 # twice x", bind("x", 3))).isEqualTo(6.0);
        }

        @Test
        void aBoundVariableTheExpressionNeverUsesHasGradientZero() {
            CompiledExpression compiled = Run.expression("x * 2", "x", "unused");
            Evaluation ev = Run.evaluate(compiled, bind("x", 3, "unused", 7));
            assertThat(Run.gradient(ev, "unused")).isEqualTo(0.0);
            assertThat(Run.gradient(ev, "x")).isEqualTo(2.0);
        }
    }

    @Nested
    class Sharing {

        @Test
        void exampleOneIsNineNodesWithOneThreeWaySumOnTop() {
            CompiledExpression compiled = Run.expression(EXAMPLE_1, "x", "z");
            Graph graph = compiled.graph();
            assertThat(graph.size()).isEqualTo(9);
            assertThat(graph.kind(0)).isEqualTo(Graph.Kind.INPUT);
            assertThat(graph.kind(1)).isEqualTo(Graph.Kind.INPUT);
            assertThat(compiled.output()).isEqualTo(8);
            assertThat(graph.op(compiled.output())).isEqualTo(Op.ADD);
            assertThat(graph.inputIds(compiled.output())).hasSize(3);
            assertThat(Run.nodesOf(graph, Op.MUL)).hasSize(1);
            assertThat(Run.nodesOf(graph, Op.LOG)).hasSize(1);
        }

        @Test
        void exampleOneHasTheValueOfItsFormula() {
            double x = 2;
            double z = 3;
            double expected = Math.exp(x * z) + x * z / Math.log(x) + Math.sin(Math.log(x)) / (x * z);
            assertThat(valueOf(EXAMPLE_1, bind("x", x, "z", z))).isCloseTo(expected, within(1e-12));
        }

        @Test
        void parenthesesEndASumChain() {
            CompiledExpression grouped = Run.expression("(a+b)+c", "a", "b", "c");
            assertThat(Run.nodesOf(grouped.graph(), Op.ADD)).hasSize(2);
            CompiledExpression chain = Run.expression("a+b+c", "a", "b", "c");
            assertThat(Run.nodesOf(chain.graph(), Op.ADD)).hasSize(1);
            assertThat(chain.graph().inputIds(chain.output())).containsExactly("a", "b", "c");
            assertThat(Run.value(chain, bind("a", 1, "b", 2, "c", 4))).isEqualTo(7.0);
            assertThat(Run.value(grouped, bind("a", 1, "b", 2, "c", 4))).isEqualTo(7.0);
        }

        @Test
        void aRepeatedConstantIsOneNode() {
            CompiledExpression compiled = Run.expression("2 * x + 2 * y", "x", "y");
            assertThat(compiled.graph().ids().stream().filter("2"::equals)).hasSize(1);
        }
    }

    @Nested
    class Naming {

        @Test
        void intermediatesAreNumberedInEvaluationOrder() {
            CompiledExpression compiled = Run.expression("sin(x) * cos(x)", "x");
            Graph graph = compiled.graph();
            assertThat(graph.ids()).containsExactly("x", "t1", "t2", "t3");
            assertThat(graph.op(graph.indexOf("t1"))).isEqualTo(Op.SIN);
            assertThat(graph.op(graph.indexOf("t2"))).isEqualTo(Op.COS);
            assertThat(graph.op(graph.indexOf("t3"))).isEqualTo(Op.MUL);
        }

        @Test
        void aVariableNamedT1PushesTheFirstIntermediateToT2() {
            CompiledExpression compiled = Run.expression("sin(t1) * x", "t1", "x");
            Graph graph = compiled.graph();
            assertThat(graph.ids()).containsExactly("t1", "x", "t2", "t3");
            assertThat(graph.kind(graph.indexOf("t1"))).isEqualTo(Graph.Kind.INPUT);
            assertThat(graph.op(graph.indexOf("t2"))).isEqualTo(Op.SIN);
        }

        /** The generated ids come from a table of shared strings up to t256, and are made past it: either way "t" and the number. */
        @Test
        void generatedIdsAreTAndTheirNumberInsideAndPastTheTable() {
            for (int i = 1; i < 1_000; i++) {
                assertThat(ExpressionCompiler.generated(i)).isEqualTo("t" + i);
            }
            StringBuilder text = new StringBuilder("sin(x)");
            for (int i = 0; i < 300; i++) {
                text.append(" * sin(x + ").append(i).append(')');
            }
            CompiledExpression compiled = Run.expression(text.toString(), "x", "t2", "t300");
            java.util.List<String> ids = compiled.graph().ids();
            java.util.List<String> generated = ids.stream().filter(id -> id.matches("t[0-9]+")).skip(2).toList();
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (int i = 1; expected.size() < generated.size(); i++) {
                if (i != 2 && i != 300) {
                    expected.add("t" + i);
                }
            }
            assertThat(generated).isEqualTo(expected);
            assertThat(generated.size()).isGreaterThan(600);
        }

        @Test
        void constantsAreNamedByTheirNumber() {
            CompiledExpression compiled = Run.expression("x * 2.50 + 1e-3", "x");
            assertThat(compiled.graph().ids()).contains("2.5", "0.001");
        }
    }

    @Nested
    class Programs {

        @Test
        void seedProgramNodesAreTheAssignedNames() {
            CompiledExpression compiled = Run.program(SEED_PROGRAM, null, "x", "z");
            Graph graph = compiled.graph();
            assertThat(graph.ids()).containsExactly("x", "z", "a", "b", "c", "d", "e", "f", "y");
            assertThat(graph.id(compiled.output())).isEqualTo("y");
            assertThat(graph.kind(graph.indexOf("e"))).isEqualTo(Graph.Kind.OPERATION);
            assertThat(graph.op(graph.indexOf("e"))).isEqualTo(Op.DIV);
            assertThat(graph.inputIds(graph.indexOf("y"))).containsExactly("d", "e", "f");
        }

        @Test
        void seedProgramGradientOfBIsTheSumOfItsTwoConsumerTerms() {
            CompiledExpression compiled = Run.program(SEED_PROGRAM, "y", "x", "z");
            Evaluation ev = Run.evaluate(compiled, bind("x", 2, "z", 3));
            double a = 6;
            double b = Math.log(2);
            // y = d + a/b + sin(b)/a: dy/db = -a/b^2 + cos(b)/a (through e and through c = sin(b), f = c/a)
            double expected = -a / (b * b) + Math.cos(b) / a;
            assertThat(Run.gradient(ev, "b")).isCloseTo(expected, within(1e-12));
            assertThat(Run.gradient(ev, "b")).isCloseTo(-12.360007402472986, within(1e-12));
        }

        @Test
        void seedProgramAndExampleOneAgreeOnValueAndGradients() {
            Map<String, Double> at = bind("x", 2, "z", 3);
            Evaluation program = Run.evaluate(Run.program(SEED_PROGRAM, null, "x", "z"), at);
            Evaluation expression = Run.evaluate(Run.expression(EXAMPLE_1, "x", "z"), at);
            assertThat(program.value(program.output()).item())
                    .isCloseTo(expression.value(expression.output()).item(), within(1e-9));
            assertThat(Run.gradient(program, "x")).isCloseTo(Run.gradient(expression, "x"), within(1e-9));
            assertThat(Run.gradient(program, "z")).isCloseTo(Run.gradient(expression, "z"), within(1e-9));
            assertThat(program.value(program.output()).item()).isCloseTo(412.19145728412116, within(1e-9));
        }

        @Test
        void aCopyLineIsItsOwnIdentityNode() {
            CompiledExpression compiled = Run.program("b = log(x)\nc = b\ny = c * 2", null, "x");
            Graph graph = compiled.graph();
            int c = graph.indexOf("c");
            assertThat(graph.op(c)).isEqualTo(Op.IDENTITY);
            assertThat(graph.inputIds(c)).containsExactly("b");
            Evaluation ev = Run.evaluate(compiled, bind("x", 3));
            assertThat(Run.gradient(ev, "c")).isEqualTo(2.0);
            assertThat(Run.gradient(ev, "b")).isEqualTo(2.0);
            assertThat(Run.gradient(ev, "x")).isCloseTo(2.0 / 3, within(1e-15));
        }

        @Test
        void aLineCopyingAVariableIsAnIdentityNode() {
            CompiledExpression compiled = Run.program("c = x\ny = c * c", null, "x");
            Graph graph = compiled.graph();
            assertThat(graph.op(graph.indexOf("c"))).isEqualTo(Op.IDENTITY);
            assertThat(Run.gradient(Run.evaluate(compiled, bind("x", 3)), "x")).isEqualTo(6.0);
        }

        @Test
        void aNamedLineIsNotMergedWithALaterAnonymousEqualSubexpression() {
            CompiledExpression compiled = Run.program("a = w*x\nb = w*x + a\nout = b*a", null, "w", "x");
            Graph graph = compiled.graph();
            List<Integer> products = Run.nodesOf(graph, Op.MUL).stream()
                    .filter(n -> graph.inputIds(n).equals(List.of("w", "x"))).toList();
            assertThat(products).hasSize(2);
            assertThat(products).contains(graph.indexOf("a"));
            double w = 1.5;
            double x = -0.7;
            Evaluation ev = Run.evaluate(compiled, bind("w", w, "x", x));
            double a = w * x;
            double b = 2 * w * x;
            // out = b * a with b = m + a (m the anonymous w*x): d out / d a = b + a, d out / d b = a
            assertThat(Run.gradient(ev, "a")).isCloseTo(b + a, within(1e-12));
            assertThat(Run.gradient(ev, "b")).isCloseTo(a, within(1e-12));
            // out = 2 w^2 x^2
            assertThat(Run.gradient(ev, "w")).isCloseTo(4 * w * x * x, within(1e-12));
            assertThat(Run.gradient(ev, "x")).isCloseTo(4 * w * w * x, within(1e-12));
        }

        @Test
        void aNamedLineEqualToAnEarlierAnonymousSubexpressionIsItsOwnNode() {
            CompiledExpression compiled = Run.program("b = w*x + 1\na = w*x\nout = a*b", null, "w", "x");
            Graph graph = compiled.graph();
            int a = graph.indexOf("a");
            assertThat(graph.op(a)).isEqualTo(Op.MUL);
            List<Integer> products = Run.nodesOf(graph, Op.MUL).stream()
                    .filter(n -> graph.inputIds(n).equals(List.of("w", "x"))).toList();
            assertThat(products).hasSize(2).contains(a);
            Evaluation ev = Run.evaluate(compiled, bind("w", 2, "x", 3));
            // d out / d a = b = 7 (b is its own node, built from the anonymous w*x)
            assertThat(Run.gradient(ev, "a")).isEqualTo(7.0);
        }

        @Test
        void anonymousSubexpressionsStaySharedAcrossLinesAfterANamedCopyOfOne() {
            // w*x is written anonymously on lines 1 and 3: one node, as in an expression; line 2 names its own copy.
            CompiledExpression compiled = Run.program("b = w*x + 1\na = w*x\nc = w*x * 2\nout = a + b + c", null, "w", "x");
            Graph graph = compiled.graph();
            List<Integer> products = Run.nodesOf(graph, Op.MUL).stream()
                    .filter(n -> graph.inputIds(n).equals(List.of("w", "x"))).toList();
            assertThat(products).as("w*x nodes: the anonymous shared one and a").hasSize(2);
        }

        @Test
        void outputDefaultsToTheLastAssignedNameAndMayBeAnEarlierOne() {
            String text = "a = x * 3\nb = a * a";
            CompiledExpression last = Run.program(text, null, "x");
            assertThat(last.graph().id(last.output())).isEqualTo("b");
            CompiledExpression first = Run.program(text, "a", "x");
            Evaluation ev = Run.evaluate(first, bind("x", 2));
            assertThat(ev.value(ev.output()).item()).isEqualTo(6.0);
            assertThat(Run.gradient(ev, "x")).isEqualTo(3.0);
        }

        @Test
        void semicolonsSeparateStatementsLikeNewlines() {
            CompiledExpression compiled = Run.program("a = x * 3; b = a + 1", null, "x");
            assertThat(Run.value(compiled, bind("x", 2))).isEqualTo(7.0);
        }

        @Test
        void intermediatesOfAProgramSkipAssignedNames() {
            CompiledExpression compiled = Run.program("t1 = sin(x) * 2", null, "x");
            assertThat(compiled.graph().ids()).containsExactly("x", "t2", "2", "t1");
        }
    }

    @Nested
    class Errors {

        @Test
        void twoOperatorsInARowReportTheSecondWithItsPosition() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression("x +* 2", "x"), ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(3);
            assertThat(e.token()).isEqualTo("*");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(4);
        }

        @Test
        void anUnclosedCallReportsItsParenthesis() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression("sin(x", "x"), ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(3);
            assertThat(e.token()).isEqualTo("(");
            assertThat(e.getMessage()).contains("never closed");
        }

        @Test
        void anUnmatchedClosingParenthesisIsASyntaxError() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression("x)", "x"), ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.token()).isEqualTo(")");
        }

        @Test
        void implicitMultiplicationIsAnErrorThatSuggestsTheStar() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression("2x", "x"), ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.token()).isEqualTo("x");
            assertThat(e.getMessage()).contains("'*'");
        }

        @Test
        void syntaxErrorsOnALaterLineReportLineAndColumn() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.program("a = x\nb = a +* 2", null, "x"),
                    ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(13);
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(8);
            assertThat(e.token()).isEqualTo("*");
        }

        @Test
        void anEmptyExpressionIsASyntaxError() {
            assertThatThrownBy(() -> Run.expression("  ", "x")).isInstanceOf(ExpressionSyntaxException.class);
        }

        @Test
        void anUnknownCharacterIsASyntaxError() {
            ExpressionSyntaxException e = catchThrowableOfType(() -> Run.expression("x $ 2", "x"), ExpressionSyntaxException.class);
            assertThat(e).isNotNull();
            assertThat(e.position()).isEqualTo(2);
            assertThat(e.token()).isEqualTo("$");
        }

        @Test
        void anUnknownFunctionSuggestsTheClosestKnownOne() {
            Diagnostic d = onlyDiagnostic(() -> Run.expression("sni(x)", "x"));
            assertThat(d.code()).isEqualTo("unknown-function");
            assertThat(d.name()).isEqualTo("sni");
            assertThat(d.suggestion()).isEqualTo("sin");
            assertThat(d.position()).isEqualTo(0);
        }

        @Test
        void anUnboundVariableIsReportedWithItsPosition() {
            Diagnostic d = onlyDiagnostic(() -> Run.expression("x + yy", "x", "y"));
            assertThat(d.code()).isEqualTo("unbound-variable");
            assertThat(d.name()).isEqualTo("yy");
            assertThat(d.position()).isEqualTo(4);
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.column()).isEqualTo(5);
            assertThat(d.suggestion()).isEqualTo("y");
        }

        @Test
        void aFunctionCalledWithTheWrongNumberOfArgumentsIsAnArityError() {
            Diagnostic d = onlyDiagnostic(() -> Run.expression("sin(x, y)", "x", "y"));
            assertThat(d.code()).isEqualTo("arity");
            assertThat(d.name()).isEqualTo("sin");
            assertThat(d.position()).isEqualTo(0);
            assertThat(onlyDiagnostic(() -> Run.expression("pow(x)", "x")).code()).isEqualTo("arity");
        }

        @Test
        void aNameAssignedTwiceIsReportedOnItsSecondLine() {
            Diagnostic d = onlyDiagnostic(() -> Run.program("a = x\na = 2 * x", null, "x"));
            assertThat(d.code()).isEqualTo("assigned-twice");
            assertThat(d.name()).isEqualTo("a");
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.position()).isEqualTo(6);
        }

        @Test
        void aNameUsedBeforeItsLineIsReported() {
            Diagnostic d = onlyDiagnostic(() -> Run.program("a = b + x\nb = 2 * x", null, "x"));
            assertThat(d.code()).isEqualTo("used-before-assignment");
            assertThat(d.name()).isEqualTo("b");
            assertThat(d.position()).isEqualTo(4);
            assertThat(d.line()).isEqualTo(1);
        }

        @Test
        void anOutputTheProgramDoesNotAssignIsReportedOnTheOutputField() {
            Diagnostic d = onlyDiagnostic(() -> Run.program("a = 2 * x\nb = a + 1", "q", "x"));
            assertThat(d.code()).isEqualTo("unknown-output");
            assertThat(d.path()).isEqualTo("output");
            assertThat(d.name()).isEqualTo("q");
            assertThat(d.position()).isNull();
        }

        /**
         * The program compiler keeps its names in arrays by id, and makes the maps that messages
         * iterate only for a message. Those lists must read as the maps kept all along did: names
         * assigned so far in a HashMap's order for "it assigns ...", names assigned anywhere for
         * "did you mean". Seeded programs of many names, their failed and repeated lines included.
         */
        @Test
        void listsInMessagesReadAsTheMapsKeptAllAlong() {
            java.util.Random random = new java.util.Random(16);
            ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
            for (int round = 0; round < 200; round++) {
                StringBuilder text = new StringBuilder();
                java.util.Map<String, Integer> assigned = new java.util.HashMap<>();
                int lines = 1 + random.nextInt(60);
                for (int l = 0; l < lines; l++) {
                    String name = (random.nextBoolean() ? "step" : "v") + random.nextInt(80);
                    text.append(name).append(" = x * ").append(random.nextInt(20) == 0 ? "nope" : "2").append('\n');
                    assigned.putIfAbsent(name, l + 1); // assigned once, then again (reported), or on a line with errors: listed all the same
                }
                String output = "q" + round;
                Throwable thrown = catchThrowableOfType(() -> compiler.program(text.toString(), List.of("x"), output, null), NotComputableException.class);
                if (thrown == null) {
                    continue; // a syntax error ended it first
                }
                Diagnostic d = ((NotComputableException) thrown).diagnostics().stream().filter(x -> x.code().equals("unknown-output")).findFirst().orElseThrow();
                String suggestion = Suggestions.closest(output, new java.util.LinkedHashSet<>(assigned.keySet()));
                assertThat(d.message()).isEqualTo("output '" + output + "' is not assigned by the program" + (suggestion != null
                        ? "; did you mean '" + suggestion + "'?" : "; it assigns " + String.join(", ", new java.util.LinkedHashSet<>(assigned.keySet()))));
            }
            for (int round = 0; round < 200; round++) {
                StringBuilder text = new StringBuilder();
                java.util.Map<String, Integer> anywhere = new java.util.HashMap<>();
                int lines = 2 + random.nextInt(40);
                String unbound = "stap" + random.nextInt(80);
                int at = random.nextInt(lines);
                for (int l = 0; l < lines; l++) {
                    String name = "step" + random.nextInt(80);
                    text.append(name).append(" = x").append(l == at ? " + " + unbound : "").append('\n');
                    anywhere.putIfAbsent(name, l);
                }
                Throwable thrown = catchThrowableOfType(() -> compiler.program(text.toString(), List.of("x"), null, null), NotComputableException.class);
                Diagnostic d = ((NotComputableException) thrown).diagnostics().stream().filter(x -> x.code().equals("unbound-variable")).findFirst().orElseThrow();
                Iterable<String> known = () -> java.util.stream.Stream.concat(java.util.stream.Stream.of("x"), anywhere.keySet().stream()).iterator();
                assertThat(d.suggestion()).isEqualTo(Suggestions.closest(unbound, known));
            }
        }

        @Test
        void assigningABoundVariableIsReported() {
            Diagnostic d = onlyDiagnostic(() -> Run.program("x = 2\ny = x * 3", null, "x"));
            assertThat(d.code()).isEqualTo("assigns-variable");
            assertThat(d.name()).isEqualTo("x");
            assertThat(d.position()).isEqualTo(0);
        }

        @Test
        void anUnknownWrtNameIsReportedOnItsField() {
            NotComputableException e = catchThrowableOfType(
                    () -> Run.COMPILER.expression("x * y", List.of("x", "y"), List.of("yy", "x", "q")), NotComputableException.class);
            assertThat(e).isNotNull();
            assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly("unknown-wrt", "unknown-wrt");
            assertThat(e.diagnostics()).extracting(Diagnostic::path).containsExactly("wrt[0]", "wrt[2]");
            assertThat(e.diagnostics().get(0).suggestion()).isEqualTo("y");
        }

        @Test
        void aValidWrtListIsKeptInItsOrder() {
            CompiledExpression compiled = Run.COMPILER.expression("x * y * z", List.of("x", "y", "z"), List.of("z", "x"));
            assertThat(compiled.wrt()).containsExactly("z", "x");
            Evaluation ev = Run.evaluate(compiled, bind("x", 2, "y", 3, "z", 5));
            assertThat(Run.gradient(ev, "z")).isEqualTo(6.0);
            assertThat(ev.gradient(compiled.graph().indexOf("y"))).isNull();
        }

        @Test
        void severalProblemsAreReportedTogether() {
            NotComputableException e = catchThrowableOfType(() -> Run.expression("sni(x) + q + sin(x, x)", "x"), NotComputableException.class);
            assertThat(e).isNotNull();
            assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly("unknown-function", "unbound-variable", "arity");
            assertThat(e.diagnostics()).extracting(Diagnostic::position).containsExactly(0, 9, 13);
        }

        @Test
        void severalProgramProblemsAreReportedTogether() {
            NotComputableException e = catchThrowableOfType(
                    () -> Run.COMPILER.program("a = q * x\na = 2\nb = c\nc = 1", List.of("x"), "zz", List.of("w")),
                    NotComputableException.class);
            assertThat(e).isNotNull();
            assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly(
                    "unbound-variable", "assigned-twice", "used-before-assignment", "unknown-output", "unknown-wrt");
        }

        private Diagnostic onlyDiagnostic(org.assertj.core.api.ThrowableAssert.ThrowingCallable compile) {
            NotComputableException e = catchThrowableOfType(compile, NotComputableException.class);
            assertThat(e).as("a NotComputableException").isNotNull();
            assertThat(e.diagnostics()).hasSize(1);
            return e.diagnostics().get(0);
        }
    }

    @Nested
    class SizeLimits {

        @Test
        void deepNestingIsRejectedByTheDepthLimitQuickly() {
            int depth = 200_000;
            String text = "(".repeat(depth) + "x" + ")".repeat(depth);
            long start = System.nanoTime();
            LimitExceededException e = catchThrowableOfType(() -> Run.expression(text, "x"), LimitExceededException.class);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).isNotNull();
            assertThat(e.limitName()).isEqualTo("depth");
            assertThat(e.limit()).isEqualTo(Limits.DEFAULT.maxDepth()).isEqualTo(10_000);
            assertThat(e.actual()).isEqualTo(depth);
            assertThat(millis).isLessThan(2_000);
        }

        @Test
        void fiveThousandNestedCallsCompileAndDifferentiateWithoutRecursion() {
            int depth = 5_000;
            String text = "sin(".repeat(depth) + "x" + ")".repeat(depth);
            CompiledExpression compiled = Run.expression(text, "x");
            assertThat(compiled.graph().size()).isEqualTo(depth + 1);
            double x = 0.5;
            Evaluation ev = Run.evaluate(compiled, bind("x", x));
            // chain rule: the product of cos over the inner values
            double s = x;
            double derivative = 1;
            for (int i = 0; i < depth; i++) {
                derivative *= Math.cos(s);
                s = Math.sin(s);
            }
            assertThat(ev.value(ev.output()).item()).isCloseTo(s, within(1e-12));
            double gradient = Run.gradient(ev, "x");
            assertThat(gradient).isFinite().isCloseTo(derivative, within(1e-10 * Math.abs(derivative)));
        }

        @Test
        void aSumOfThreeHundredThousandTermsIsOneNodeWithGradientThreeHundredThousand() {
            int terms = 300_000;
            String text = String.join("+", java.util.Collections.nCopies(terms, "x"));
            CompiledExpression compiled = Run.expression(text, "x");
            Graph graph = compiled.graph();
            assertThat(graph.size()).isEqualTo(2);
            assertThat(graph.op(compiled.output())).isEqualTo(Op.ADD);
            assertThat(graph.inputIds(compiled.output())).hasSize(terms);
            Evaluation ev = Run.evaluate(compiled, bind("x", 1.5));
            assertThat(ev.value(ev.output()).item()).isEqualTo(1.5 * terms);
            assertThat(Run.gradient(ev, "x")).isEqualTo(terms);
        }

        @Test
        void textLongerThanTheLimitIsRejected() {
            int max = Limits.DEFAULT.maxExpressionLength();
            String text = "x".repeat(max + 1);
            LimitExceededException e = catchThrowableOfType(() -> Run.expression(text, "x"), LimitExceededException.class);
            assertThat(e).isNotNull();
            assertThat(e.limitName()).isEqualTo("expressionLength");
            assertThat(e.limit()).isEqualTo(max);
            assertThat(e.actual()).isEqualTo(max + 1);
            LimitExceededException p = catchThrowableOfType(() -> Run.program("a = " + text, null, "x"), LimitExceededException.class);
            assertThat(p).isNotNull();
            assertThat(p.limitName()).isEqualTo("expressionLength");
        }

        @Test
        void textAtTheLengthLimitIsAccepted() {
            ExpressionCompiler compiler = new ExpressionCompiler(new Limits(9, 100, 100));
            assertThat(compiler.expression("x + x + x", List.of("x"), null).graph().size()).isEqualTo(2);
        }

        @Test
        void moreNodesThanTheLimitAreRejected() {
            ExpressionCompiler compiler = new ExpressionCompiler(new Limits(10_000, 100, 10));
            // x and 8 operations: 9 nodes fit
            assertThat(compiler.expression("sin(sin(sin(sin(sin(sin(sin(sin(x))))))))", List.of("x"), null).graph().size()).isEqualTo(9);
            // x, the constants 1..9 and a sum: 11 nodes
            LimitExceededException e = catchThrowableOfType(
                    () -> compiler.expression("x+1+2+3+4+5+6+7+8+9", List.of("x"), null), LimitExceededException.class);
            assertThat(e).isNotNull();
            assertThat(e.limitName()).isEqualTo("nodes");
            assertThat(e.limit()).isEqualTo(10);
            assertThat(e.actual()).isGreaterThan(10);
        }
    }
}
