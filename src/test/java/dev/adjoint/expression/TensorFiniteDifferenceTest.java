package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Op;
import dev.adjoint.autodiff.OpRules;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tensor op's gradient against central finite differences of its own forward pass, on random
 * shapes (seeded): broadcasting in both directions, each case of {@code @}, reductions along each
 * axis, the softmax family, literals, indexing and transposes, and every elementwise function on a
 * matrix. Each expression is wrapped as {@code sum(sin(...))}, so the gradient flowing into it is
 * a tensor of distinct values, not ones.
 *
 * <p>Variables are written {@code name:dims}, dims among m, n, k (drawn from 2..4 per trial); a
 * {@code +} after the name draws positive values (for logs, roots, divisors and bases), an {@code @}
 * values from the op's own smooth domain ({@link OpRules#samplePoint}).
 */
class TensorFiniteDifferenceTest {

    private static final int TRIALS = 3;

    static Stream<Named<String[]>> cases() {
        List<String[]> cases = new ArrayList<>(List.of(
                // broadcasting, both directions, and with a scalar
                new String[] {"a + B", "a:n B:m,n"}, new String[] {"B - a", "a:n B:m,n"}, new String[] {"a - B", "a:n B:m,n"},
                new String[] {"a * B", "a:n B:m,n"}, new String[] {"B / c", "c+:n B:m,n"}, new String[] {"a / C", "a:n C+:m,n"},
                new String[] {"s * B + s", "s: B:m,n"}, new String[] {"s / C", "s: C+:m,n"}, new String[] {"C ^ s", "C+:m,n s:"},
                new String[] {"c ^ B", "c+:n B:m,n"}, new String[] {"B ^ 2 - B * B + a", "B:m,n a:n"}, new String[] {"pow(C, a)", "C+:m,n a:n"},
                new String[] {"a + b + B + s", "a:n b:n B:m,n s:"}, new String[] {"-B + a", "B:m,n a:n"},
                // each case of @
                new String[] {"A @ B", "A:m,k B:k,n"}, new String[] {"A @ v", "A:m,k v:k"}, new String[] {"v @ B", "v:k B:k,n"},
                new String[] {"u @ v", "u:k v:k"}, new String[] {"A' @ C", "A:k,m C:k,n"}, new String[] {"A' @ v", "A:k,m v:k"},
                new String[] {"v' @ B", "v:k B:k,n"}, new String[] {"u' @ v", "u:k v:k"}, new String[] {"transpose(A) @ B", "A:k,m B:k,n"},
                new String[] {"(A @ B)' @ A", "A:m,k B:k,m"}, new String[] {"A @ B'", "A:m,k B:n,k"}, new String[] {"A @ A", "A:m,m"},
                // transposes, reductions
                new String[] {"A' * B", "A:m,n B:n,m"}, new String[] {"(A - a)'", "A:m,n a:n"},
                new String[] {"sum(A)", "A:m,n"}, new String[] {"sum(A, 0)", "A:m,n"}, new String[] {"sum(A, 1)", "A:m,n"},
                new String[] {"sum(v, 0)", "v:n"}, new String[] {"mean(A)", "A:m,n"}, new String[] {"mean(A, 0)", "A:m,n"},
                new String[] {"mean(A, 1)", "A:m,n"}, new String[] {"mean(v)", "v:n"},
                // dot, outer, norm
                new String[] {"dot(u, v)", "u:n v:n"}, new String[] {"dot(u, u)", "u:n"}, new String[] {"outer(u, v)", "u:m v:n"},
                new String[] {"norm(A)", "A:m,n"}, new String[] {"norm(v)", "v:n"}, new String[] {"norm(s)", "s:"},
                // the softmax family, vectors and row by row
                new String[] {"softmax(v)", "v:n"}, new String[] {"softmax(A)", "A:m,n"}, new String[] {"log_softmax(v)", "v:n"},
                new String[] {"log_softmax(A)", "A:m,n"}, new String[] {"logsumexp(v)", "v:n"}, new String[] {"logsumexp(A)", "A:m,n"},
                // literals and indexing
                new String[] {"[s, t, s * t]", "s: t:"}, new String[] {"[u, v]", "u:n v:n"}, new String[] {"[[s, 1], [2, t]] @ v", "s: t: v:2"},
                new String[] {"[s, 1.5, s]", "s:"}, new String[] {"v[1]", "v:n"}, new String[] {"A[1]", "A:m,n"},
                new String[] {"A[1, 0] * A", "A:m,n"}, new String[] {"A[0] + v[1]", "A:m,n v:n"}));
        // every elementwise function of the language, on a matrix
        OpRules.elementwiseOps().filter(Op::isFunction).filter(op -> op.arity() == 1)
                .forEach(op -> cases.add(new String[] {op.symbol() + "(A)", "A@:m,n", op.name()}));
        return cases.stream().map(c -> Named.of(c[0] + "  (" + c[1] + ")", c));
    }

    /** A tensor op added to the table without a case here fails this test, so none arrives untested. */
    @Test
    void everyTensorOpOfTheLanguageHasACase() {
        Set<Op> covered = new java.util.HashSet<>();
        Map<Character, Integer> dims = Map.of('m', 2, 'n', 3, 'k', 4);
        cases().forEach(named -> {
            String[] c = named.getPayload();
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (String spec : c[1].split(" ")) {
                String[] parts = spec.split(":", -1);
                String name = parts[0].replaceAll("[+@]$", "");
                shapes.put(name, parts[1].isEmpty() ? new int[0] : java.util.Arrays.stream(parts[1].split(","))
                        .mapToInt(d -> Character.isDigit(d.charAt(0)) ? Integer.parseInt(d) : dims.get(d.charAt(0))).toArray());
            }
            var graph = Run.COMPILER.expression("sum(sin(" + c[0] + "))", shapes, null).graph();
            for (int node = 0; node < graph.size(); node++) {
                if (graph.op(node) != null) {
                    covered.add(graph.op(node));
                }
            }
        });
        List<Op> tensorOps = java.util.Arrays.stream(Op.values()).filter(OpRules::isLanguageTensorOp).toList();
        assertThat(tensorOps).contains(Op.MATRIX_PRODUCT, Op.SOFTMAX, Op.INDEX, Op.LITERAL);
        assertThat(covered).containsAll(tensorOps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(String[] c) {
        String text = "sum(sin(" + c[0] + "))";
        Random random = new Random(text.hashCode());
        Op sampled = c.length > 2 ? Op.valueOf(c[2]) : null;
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Map<Character, Integer> dims = Map.of('m', 2 + random.nextInt(3), 'n', 2 + random.nextInt(3), 'k', 2 + random.nextInt(3));
            Map<String, int[]> shapes = new LinkedHashMap<>();
            Map<String, Tensor> values = new HashMap<>();
            for (String spec : c[1].split(" ")) {
                String[] parts = spec.split(":", -1);
                boolean positive = parts[0].endsWith("+");
                boolean fromOp = parts[0].endsWith("@");
                String name = positive || fromOp ? parts[0].substring(0, parts[0].length() - 1) : parts[0];
                int[] shape = parts[1].isEmpty() ? new int[0] : java.util.Arrays.stream(parts[1].split(","))
                        .mapToInt(d -> Character.isDigit(d.charAt(0)) ? Integer.parseInt(d) : dims.get(d.charAt(0))).toArray();
                double[] data = new double[Tensor.of(shape, new double[sizeOf(shape)]).size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = fromOp ? OpRules.samplePoint(sampled, random)[0]
                            : positive ? OpRules.uniform(random, 0.3, 2.5) : OpRules.uniform(random, -1.5, 1.5);
                }
                shapes.put(name, shape);
                values.put(name, shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(shape, data));
            }
            CompiledExpression compiled = Run.COMPILER.expression(text, shapes, null);
            Evaluation e = Evaluation.run(compiled.graph(), values, Set.copyOf(compiled.wrt()), compiled.output());
            for (String name : shapes.keySet()) {
                Tensor v = values.get(name);
                Tensor g = e.gradient(compiled.graph().indexOf(name));
                assertThat(g.shape()).as(name + "'s gradient has its shape").isEqualTo(v.shape());
                for (int i = 0; i < v.size(); i++) {
                    double h = 1e-6 * Math.max(1, Math.abs(v.get(i)));
                    Map<String, Tensor> up = new HashMap<>(values);
                    up.put(name, v.with(i, v.get(i) + h));
                    Map<String, Tensor> down = new HashMap<>(values);
                    down.put(name, v.with(i, v.get(i) - h));
                    double fd = (forward(compiled, up) - forward(compiled, down)) / (2 * h);
                    if (!(Math.abs(g.get(i) - fd) <= 1e-6 * (1 + Math.abs(fd)))) {
                        failures.add(name + "[" + i + "] with " + dims + ": gradient " + g.get(i) + ", central difference " + fd);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(failures).as(text).isEmpty();
    }

    private static double forward(CompiledExpression compiled, Map<String, Tensor> values) {
        return Evaluation.run(compiled.graph(), values, Set.of(), compiled.output()).value(compiled.output()).item();
    }

    private static int sizeOf(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }
}
