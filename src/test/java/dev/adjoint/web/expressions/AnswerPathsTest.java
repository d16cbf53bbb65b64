package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.CompiledExpressionCache;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check's answer paths, now built once per compiled graph, are the strings the controller built
 * for every item before; and the hand-written name check accepts exactly what the former regex did.
 */
class AnswerPathsTest {

    private static final String[] UNARY = {"sin", "exp", "log", "tanh"};
    private static final String[] BINARY = {"+", "-", "*", "/"};

    /** The former per-item construction in {@code ExpressionController.check}, verbatim. */
    private static List<String> formerPaths(CompiledExpression compiled, int node) {
        Graph graph = compiled.graph();
        Set<String> wrt = new HashSet<>(compiled.wrt());
        String id = graph.id(node);
        List<String> paths = new ArrayList<>();
        paths.add("nodes." + id + ".value");
        paths.add("nodes." + id + ".gradient");
        paths.add(graph.kind(node) == Graph.Kind.INPUT && wrt.contains(id) ? "gradient." + id : null);
        return paths;
    }

    @Test
    void pathsAreTheFormerOnesOnSeededPrograms() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT, new CompiledExpressionCache(1 << 20));
        Random rng = new Random(1617);
        int wrtPaths = 0;
        for (int trial = 0; trial < 300; trial++) {
            List<String> names = new ArrayList<>(List.of("x", "z", "w_1", "é"));
            StringBuilder program = new StringBuilder();
            int steps = 1 + rng.nextInt(8);
            for (int s = 0; s < steps; s++) {
                String name = "n" + s;
                String a = names.get(rng.nextInt(names.size()));
                String b = names.get(rng.nextInt(names.size()));
                String rhs = rng.nextInt(3) == 0 ? UNARY[rng.nextInt(UNARY.length)] + "(" + a + " * " + a + " + 1)"
                        : a + " " + BINARY[rng.nextInt(BINARY.length)] + " " + b;
                program.append(name).append(" = ").append(rhs).append('\n');
                names.add(name);
            }
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (String v : List.of("x", "z", "w_1", "é")) {
                shapes.put(v, new int[0]);
            }
            List<String> wrt = null;
            if (rng.nextBoolean()) {
                wrt = new ArrayList<>();
                for (String v : shapes.keySet()) {
                    if (rng.nextBoolean()) {
                        wrt.add(v);
                    }
                }
            }
            boolean asProgram = rng.nextBoolean();
            CompiledExpression compiled = asProgram
                    ? compiler.program(program.toString(), shapes, null, wrt, true)
                    : compiler.expression(names.get(rng.nextInt(4)) + " * sin(" + names.get(rng.nextInt(4)) + ") + 2", shapes, wrt, true);
            AnswerPaths paths = AnswerPaths.of(compiled);
            assertThat(paths.value).hasSize(compiled.graph().size());
            for (int node = 0; node < compiled.graph().size(); node++) {
                List<String> former = formerPaths(compiled, node);
                assertThat(paths.value[node]).as("trial %d node %d", trial, node).isEqualTo(former.get(0));
                assertThat(paths.gradient[node]).as("trial %d node %d", trial, node).isEqualTo(former.get(1));
                assertThat(paths.wrtGradient[node]).as("trial %d node %d", trial, node).isEqualTo(former.get(2));
                wrtPaths += former.get(2) == null ? 0 : 1;
            }
            // The cache hands the same compiled object back for the same template: its paths are not rebuilt.
            CompiledExpression again = asProgram
                    ? compiler.program(program.toString(), shapes, null, wrt, true)
                    : compiled;
            assertThat(again).isSameAs(compiled);
            assertThat(AnswerPaths.of(again)).isSameAs(paths);
        }
        assertThat(wrtPaths).isGreaterThan(300); // the wrt branch was exercised, not only the node paths
    }

    @Test
    void interleavedTemplatesEachGetTheirOwnPaths() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT); // no cache: every compile is a new object
        Map<String, int[]> shapes = Map.of("x", new int[0], "z", new int[0]);
        for (int i = 0; i < 50; i++) {
            CompiledExpression a = compiler.program("a = x * z\ny = sin(a)", shapes, null, List.of("x"), true);
            CompiledExpression b = compiler.expression("exp(z) + x", shapes, List.of("z"), true);
            AnswerPaths pa = AnswerPaths.of(a);
            AnswerPaths pb = AnswerPaths.of(b);
            for (CompiledExpression c : List.of(a, b)) {
                AnswerPaths p = c == a ? pa : pb;
                for (int node = 0; node < c.graph().size(); node++) {
                    assertThat(List.of(p.value[node], p.gradient[node])).isEqualTo(formerPaths(c, node).subList(0, 2));
                    assertThat(p.wrtGradient[node]).isEqualTo(formerPaths(c, node).get(2));
                }
            }
            assertThat(AnswerPaths.of(a).value).containsExactly(pa.value);
        }
    }

    @Test
    void variableNamesAreWhatTheFormerRegexAccepted() {
        Pattern former = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");
        // Letters, digits of several scripts, marks, other numbers, symbols, spaces, lone and paired surrogates.
        int[] alphabet = {'a', 'Z', '_', '0', '9', ' ', '-', '.', 'é', 'ß', 'ǅ', 'ʰ', '中', '٣', '०', '²', 'Ⅻ', '\u0301',
                '\u00A0', '$', 'π', 'Ω', 0x1D400, 0x1D7CE, 0x1F600, 0xD800, 0xDC00, 0x10400, 0x0660, 0xFF10, 0xFF21};
        Random rng = new Random(1618);
        int accepted = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder name = new StringBuilder();
            int length = rng.nextInt(5);
            for (int i = 0; i < length; i++) {
                name.appendCodePoint(alphabet[rng.nextInt(alphabet.length)]);
            }
            if (rng.nextInt(10) == 0) {
                name.appendCodePoint(rng.nextInt(0x30000)); // any code point at all, now and then
            }
            String s = name.toString();
            boolean expected = former.matcher(s).matches();
            assertThat(ExpressionRequest.isVariableName(s)).as("'%s' %s", s, s.codePoints().boxed().toList()).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).isBetween(1_000, 19_000); // both answers were exercised
    }
}
