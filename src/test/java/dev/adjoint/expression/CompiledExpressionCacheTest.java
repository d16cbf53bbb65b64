package dev.adjoint.expression;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A compiler with a cache answers exactly as one without, and the cache stays within its bytes. */
class CompiledExpressionCacheTest {

    private static final String EXAMPLE_1 = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    private static final String EXAMPLE_1_PROGRAM = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f";
    private static final String TENSOR_PROGRAM = "u = W @ v\nh = sigmoid(u)\nJ = sum(h * h)";

    private final ExpressionCompiler plain = new ExpressionCompiler(Limits.DEFAULT);

    @Test
    void cachedAnswersEqualUncachedOnesAtManyBindings() {
        CompiledExpressionCache cache = CompiledExpressionCache.synchronous(1 << 20);
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, cache);
        Random random = new Random(16);
        for (int round = 0; round < 50; round++) {
            Map<String, int[]> scalars = shapes("x", new int[0], "z", new int[0]);
            Map<String, Tensor> at = new LinkedHashMap<>();
            at.put("x", Tensor.scalar(1.2 + 2 * random.nextDouble()));
            at.put("z", Tensor.scalar(0.5 + 3 * random.nextDouble()));
            assertSameAnswer(cached.expression(EXAMPLE_1, scalars, null), plain.expression(EXAMPLE_1, scalars, null), at);
            assertSameAnswer(cached.program(EXAMPLE_1_PROGRAM, scalars, null, List.of("z")),
                    plain.program(EXAMPLE_1_PROGRAM, scalars, null, List.of("z")), at);
            assertSameAnswer(cached.program(EXAMPLE_1_PROGRAM, scalars, "c", null), plain.program(EXAMPLE_1_PROGRAM, scalars, "c", null), at);

            Map<String, int[]> tensors = shapes("W", new int[] {3, 2}, "v", new int[] {2});
            Map<String, Tensor> tensorsAt = new LinkedHashMap<>();
            tensorsAt.put("W", Tensor.of(new int[] {3, 2}, random.doubles(6, -1, 1).toArray()));
            tensorsAt.put("v", Tensor.of(new int[] {2}, random.doubles(2, -1, 1).toArray()));
            assertSameAnswer(cached.program(TENSOR_PROGRAM, tensors, null, null), plain.program(TENSOR_PROGRAM, tensors, null, null), tensorsAt);
        }
        // Four distinct compilations were kept; every later round was answered from the cache.
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cached.expression(EXAMPLE_1, shapes("x", new int[0], "z", new int[0]), null))
                .isSameAs(cached.expression(EXAMPLE_1, shapes("x", new int[0], "z", new int[0]), null));
    }

    @Test
    void everythingCompilationReadsIsInTheKey() {
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, CompiledExpressionCache.synchronous(1 << 20));
        Map<String, int[]> xz = shapes("x", new int[0], "z", new int[0]);
        Map<String, int[]> zx = shapes("z", new int[0], "x", new int[0]);
        CompiledExpression first = cached.expression("x * z", xz, null);
        // binding order: inputs are nodes in binding order
        assertThat(cached.expression("x * z", zx, null).graph().ids()).isEqualTo(plain.expression("x * z", zx, null).graph().ids())
                .isNotEqualTo(first.graph().ids());
        // wrt
        assertThat(cached.expression("x * z", xz, List.of("z")).wrt()).containsExactly("z");
        // shapes: a vector x makes a vector product, which a gradient refuses
        Map<String, int[]> vector = shapes("x", new int[] {3}, "z", new int[0]);
        assertThatThrownBy(() -> cached.expression("x * z", vector, null)).isInstanceOf(NotComputableException.class);
        assertThat(cached.expression("x * z", vector, null, false).graph().shape(2)).containsExactly(3);
        // output, and expression versus program
        assertThat(cached.program("a = x * z\nb = a + 1", xz, "a", null).output())
                .isNotEqualTo(cached.program("a = x * z\nb = a + 1", xz, null, null).output());
        assertThatThrownBy(() -> cached.expression("a = x * z", xz, null)).isInstanceOf(ExpressionSyntaxException.class);
        // limits: a compiler with a smaller node limit sharing the cache still refuses
        CompiledExpressionCache shared = CompiledExpressionCache.synchronous(1 << 20);
        new ExpressionCompiler(Limits.DEFAULT, shared).expression("x * z + x", xz, null);
        assertThatThrownBy(() -> new ExpressionCompiler(new Limits(10_000, 100, 3), shared).expression("x * z + x", xz, null))
                .isInstanceOf(dev.adjoint.autodiff.LimitExceededException.class);
        // wrong texts are not kept, and are refused again
        assertThatThrownBy(() -> cached.expression("x * y", xz, null)).isInstanceOf(NotComputableException.class);
        assertThatThrownBy(() -> cached.expression("x * y", xz, null)).isInstanceOf(NotComputableException.class);
    }

    @Test
    void theCacheStaysWithinItsBytes() {
        long budget = 64 * 1024;
        CompiledExpressionCache cache = CompiledExpressionCache.synchronous(budget);
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, cache);
        Map<String, int[]> x = shapes("x", new int[0]);
        long kept = 0;
        for (int i = 0; i < 2_000; i++) {
            CompiledExpression c = cached.expression("sin(x) * " + i + " + x", x, null);
            kept += CompiledExpressionCache.weight("sin(x) * " + i + " + x", c);
            cache.cleanUp();
            assertThat(cache.bytes()).isLessThanOrEqualTo(budget);
        }
        assertThat(kept).isGreaterThan(4 * budget); // the texts would have overflowed it several times
        assertThat(cache.size()).isLessThan(2_000).isGreaterThan(10);

        // A graph over an eighth of the budget is compiled but not kept.
        StringBuilder big = new StringBuilder("x");
        for (int i = 0; i < 200; i++) {
            big.append(" + sin(x * ").append(i).append(')');
        }
        CompiledExpressionCache small = CompiledExpressionCache.synchronous(budget);
        ExpressionCompiler withSmall = new ExpressionCompiler(Limits.DEFAULT, small);
        CompiledExpression c = withSmall.expression(big.toString(), x, null);
        assertThat(CompiledExpressionCache.weight(big.toString(), c)).isGreaterThan(budget / 8);
        assertThat(small.size()).isZero();
        assertThat(withSmall.expression(big.toString(), x, null)).isNotSameAs(c);
    }

    @Test
    void threadsSharingTheCacheGetEqualAnswers() throws Exception {
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, new CompiledExpressionCache(1 << 20));
        Map<String, int[]> xz = shapes("x", new int[0], "z", new int[0]);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CompiledExpression>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String text = i % 2 == 0 ? EXAMPLE_1 : "x * z + " + (i % 7);
                futures.add(pool.submit(() -> cached.expression(text, xz, null)));
            }
            Map<String, Tensor> at = new LinkedHashMap<>();
            at.put("x", Tensor.scalar(2));
            at.put("z", Tensor.scalar(3));
            for (int i = 0; i < futures.size(); i++) {
                String text = i % 2 == 0 ? EXAMPLE_1 : "x * z + " + (i % 7);
                assertSameAnswer(futures.get(i).get(), plain.expression(text, xz, null), at);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Keys of one hash: texts of one String hash ("Aa" and "BB" share it), and one text sent with bound names
     * of one hash (an unused binding is allowed). The cache keeps them in one crowded bin, which its map
     * orders by {@code compareTo}, and each lookup still finds the entry of its own key, never a neighbour's.
     */
    @Test
    void keysOfOneHashFindTheirOwnEntries() {
        CompiledExpressionCache cache = CompiledExpressionCache.synchronous(1 << 22);
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, cache);
        List<String> names = oneHashNames(512);
        assertThat(names.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        Map<String, CompiledExpression> byText = new LinkedHashMap<>();
        Map<String, CompiledExpression> byNames = new LinkedHashMap<>();
        for (String name : names) {
            byText.put(name, cached.expression(name, List.of(name), List.of()));
            byNames.put(name, cached.expression("x * 2", List.of("x", name), List.of("x")));
        }
        assertThat(names.stream().map(n -> new CompiledExpressionCache.Key(false, "x * 2", List.of("x", n), v -> new int[0],
                null, List.of("x"), true, Limits.DEFAULT).hashCode()).distinct().count()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1024);
        Random random = new Random(17);
        for (int i = 0; i < 2_000; i++) {
            String name = names.get(random.nextInt(names.size()));
            assertThat(cached.expression(name, List.of(name), List.of())).isSameAs(byText.get(name));
            CompiledExpression product = cached.expression("x * 2", List.of("x", name), List.of("x"));
            assertThat(product).isSameAs(byNames.get(name));
            assertThat(product.graph().ids()).contains(name).doesNotContainAnyElementsOf(names.stream().filter(n -> !n.equals(name)).toList());
        }
    }

    /**
     * The map orders a bin only by a class that implements {@code Comparable} of itself (its
     * {@code comparableClassFor}), and its tree is a few comparisons deep only if {@code compareTo} is 0 exactly
     * for equal keys: checked on keys that differ in one field at a time, in seeded random pairs.
     */
    @Test
    void keysAreOrderedConsistentlyWithEquals() {
        assertThat(CompiledExpressionCache.Key.class.getGenericInterfaces()).anySatisfy(i -> {
            assertThat(i).isInstanceOf(java.lang.reflect.ParameterizedType.class);
            java.lang.reflect.ParameterizedType comparable = (java.lang.reflect.ParameterizedType) i;
            assertThat(comparable.getRawType()).isEqualTo(Comparable.class);
            assertThat(comparable.getActualTypeArguments()).containsExactly(CompiledExpressionCache.Key.class);
        });
        String[] texts = {"x * z", "x * y", "a = x"};
        List<List<String>> variables = List.of(List.of("x", "z"), List.of("z", "x"), List.of("x", "Aa"), List.of("x", "BB"));
        int[][] shapes = {new int[0], {3}, {2, 3}};
        String[] outputs = {null, "a", "b"};
        List<List<String>> wrts = java.util.Arrays.asList(null, List.of("x"), java.util.Arrays.asList("x", null), List.of("z"));
        Limits[] limits = {Limits.DEFAULT, new Limits(10_000, 100, 3)};
        Random random = new Random(18);
        List<CompiledExpressionCache.Key> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int[] shape = shapes[random.nextInt(shapes.length)];
            keys.add(new CompiledExpressionCache.Key(random.nextBoolean(), texts[random.nextInt(texts.length)],
                    variables.get(random.nextInt(variables.size())), n -> n.equals("z") ? shape : new int[0],
                    outputs[random.nextInt(outputs.length)], wrts.get(random.nextInt(wrts.size())), random.nextBoolean(),
                    limits[random.nextInt(limits.length)]));
        }
        int equalPairs = 0;
        for (CompiledExpressionCache.Key a : keys) {
            for (CompiledExpressionCache.Key b : keys) {
                int ab = a.compareTo(b);
                assertThat(ab == 0).isEqualTo(a.equals(b));
                assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(b.compareTo(a)));
                equalPairs += ab == 0 && a != b ? 1 : 0;
            }
        }
        assertThat(equalPairs).isPositive(); // some pairs were equal keys made apart
        List<CompiledExpressionCache.Key> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) { // a total order: no later key sorts before an earlier one
            for (int j = 0; j < i; j += 7) {
                assertThat(sorted.get(j).compareTo(sorted.get(i))).isLessThanOrEqualTo(0);
            }
        }
    }

    /** {@code n} distinct names of one String hash: "h" then nine pieces, each "Aa" or "BB". */
    private static List<String> oneHashNames(int n) {
        List<String> names = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < 9; b++) {
                name.append((m >> b & 1) == 0 ? "Aa" : "BB");
            }
            names.add(name.toString());
        }
        return names;
    }

    private static Map<String, int[]> shapes(Object... namesAndShapes) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            shapes.put((String) namesAndShapes[i], (int[]) namesAndShapes[i + 1]);
        }
        return shapes;
    }

    /** Same graph, output, wrt; and bit-identical values, gradients and trace at the given bindings. */
    private static void assertSameAnswer(CompiledExpression cached, CompiledExpression fresh, Map<String, Tensor> at) {
        Graph g = cached.graph();
        assertThat(g.ids()).isEqualTo(fresh.graph().ids());
        assertThat(cached.output()).isEqualTo(fresh.output());
        assertThat(cached.wrt()).isEqualTo(fresh.wrt());
        ExpressionGradients a = ExpressionGradients.compute(cached, at, Deadline.NONE);
        ExpressionGradients b = ExpressionGradients.compute(fresh, at, Deadline.NONE);
        for (int node = 0; node < g.size(); node++) {
            assertThat(g.kind(node)).isEqualTo(fresh.graph().kind(node));
            assertThat(g.inputIds(node)).isEqualTo(fresh.graph().inputIds(node));
            assertThat(a.value(node).toArray()).isEqualTo(b.value(node).toArray());
            if (b.gradient(node) == null) {
                assertThat(a.gradient(node)).isNull();
            } else {
                assertThat(a.gradient(node).toArray()).isEqualTo(b.gradient(node).toArray());
            }
        }
        assertThat(text(a.trace())).isEqualTo(text(b.trace()));
    }

    /** The trace with every number written out (Tensor has no equals). */
    private static String text(Trace trace) {
        StringBuilder s = new StringBuilder();
        for (Trace.NodeEntry n : trace.nodes()) {
            s.append(n.id()).append(n.kind()).append(n.op()).append(n.inputs()).append(n.expression())
                    .append(numbers(n.value())).append(numbers(n.gradient())).append('\n');
        }
        for (Trace.BackwardEntry e : trace.backward()) {
            s.append(e.id()).append(numbers(e.gradient()));
            for (Trace.Term t : e.terms()) {
                s.append(t.consumer()).append(t.localDerivative()).append(numbers(t.localValue())).append(numbers(t.contribution()))
                        .append(t.vjp()).append(Arrays.toString(t.jacobianShape()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String numbers(Tensor t) {
        return t == null ? "-" : Arrays.toString(t.shape()) + Arrays.toString(t.toArray());
    }
}
