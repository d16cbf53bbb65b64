package dev.adjoint.autodiff;

import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace made with a per-graph {@link TraceTemplate} (shared by many evaluations of one graph,
 * on several threads) and the one-node {@link Trace.Lookup} give every string and every number the
 * former way gave ({@link FormerTrace}, main at 58ffec1), on seeded random programs: scalars and
 * tensors, a node used twice by one consumer ({@code x * x}, {@code a / a}), subsets of the
 * variables differentiated, and outputs in the middle of the graph.
 */
class TraceTemplateTest {

    private static final String[] UNARY = {"sin", "exp", "log", "tanh", "sqrt", "sigmoid"};
    private static final String[] BINARY = {"+", "-", "*", "/", "^"};

    @Test
    void everyStringAndNumberIsTheFormerTracesOnRandomPrograms() throws Exception {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        Random rng = new Random(1616_4);
        int graphs = 0;
        int tensorTerms = 0;
        int repeated = 0;
        int derivations = 0;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int trial = 0; trial < 300; trial++) {
                boolean tensor = trial % 4 == 3;
                Map<String, int[]> shapes = new LinkedHashMap<>();
                shapes.put("x", new int[0]);
                shapes.put("z", new int[0]);
                if (tensor) {
                    shapes.put("v", new int[] {3});
                    shapes.put("M", new int[] {2, 3});
                }
                String program = randomProgram(rng, tensor);
                CompiledExpression p;
                try {
                    p = compiler.program(program, shapes, null, null, false);
                } catch (RuntimeException shapesDoNotFit) {
                    continue;
                }
                graphs++;
                Graph graph = p.graph();
                repeated += program.contains(" x * x") || program.contains("/ n") && hasRepeats(graph) ? 1 : 0;
                TraceTemplate shared = p.graph().traceTemplate();
                List<Future<?>> running = new ArrayList<>();
                for (int point = 0; point < 3; point++) { // several bindings through one template, from several threads
                    Map<String, Tensor> inputs = bindings(rng, tensor);
                    Set<String> wrt = new HashSet<>();
                    for (String v : shapes.keySet()) {
                        if (rng.nextInt(4) != 0) {
                            wrt.add(v);
                        }
                    }
                    int output = rng.nextInt(5) == 0 ? rng.nextInt(graph.size()) : p.output();
                    Evaluation e = Evaluation.run(graph, inputs, wrt, output);
                    Trace former = FormerTrace.of(e);
                    String expected = render(former);
                    for (Trace.BackwardEntry b : former.backward()) {
                        tensorTerms += (int) b.terms().stream().filter(t -> t.vjp() != null).count();
                    }
                    String what = program + " output " + graph.id(output) + " wrt " + wrt;
                    running.add(pool.submit(() -> {
                        assertThat(render(Trace.of(e, shared))).as(what).isEqualTo(expected);
                        assertThat(render(Trace.of(e))).as(what + ", a template of its own").isEqualTo(expected);
                    }));
                    Trace.Lookup lookup = Trace.lookup(e, shared);
                    Trace mine = Trace.of(e, shared);
                    List<String> ids = new ArrayList<>(graph.ids());
                    ids.add("no-such-node");
                    java.util.Collections.shuffle(ids, rng);
                    for (String id : ids) {
                        String d = FormerTrace.derivation(former, id);
                        assertThat(mine.derivation(id)).as(what + " derivation of " + id).isEqualTo(d);
                        assertThat(lookup.derivation(id)).as(what + " one-node derivation of " + id).isEqualTo(d);
                        Trace.BackwardEntry entry = former.backward().stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
                        Trace.BackwardEntry alone = lookup.backward(id);
                        assertThat(alone == null ? null : render(alone)).as(what + " entry of " + id)
                                .isEqualTo(entry == null ? null : render(entry));
                        derivations += d != null ? 1 : 0;
                    }
                    assertThat(render(lookup.whole())).isEqualTo(expected);
                }
                for (Future<?> f : running) {
                    f.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(graphs).as("programs that compiled").isGreaterThan(200);
        assertThat(tensorTerms).as("tensor terms compared").isGreaterThan(50);
        assertThat(repeated).as("programs with a node used twice by one consumer").isGreaterThan(20);
        assertThat(derivations).as("derivations compared").isGreaterThan(1000);
    }

    /**
     * A node of many inputs (an n-ary sum of 150 nodes and x twice): each input's one-node entry and
     * every node's derivation are the former trace's. (The lookup keeps each consumer's partials, so
     * asking for each of the 150 inputs costs the sum's inputs once, not 400 times.)
     */
    @Test
    void aWideNodesInputsLookedUpOneByOneAreTheFormerTraces() {
        StringBuilder program = new StringBuilder();
        StringBuilder sum = new StringBuilder("y = x + x");
        for (int i = 0; i < 150; i++) {
            program.append('a').append(i).append(" = sin(x * ").append(i + 1).append(")\n");
            sum.append(" + a").append(i);
        }
        program.append(sum);
        CompiledExpression p = new ExpressionCompiler(Limits.DEFAULT).program(program.toString(), List.of("x"), null, null);
        Evaluation e = Evaluation.run(p.graph(), Map.of("x", Tensor.scalar(0.3)), Set.of("x"), p.output());
        Trace former = FormerTrace.of(e);
        Trace.Lookup lookup = Trace.lookup(e, p.graph().traceTemplate());
        for (Trace.BackwardEntry b : former.backward()) {
            assertThat(render(lookup.backward(b.id()))).isEqualTo(render(b));
            assertThat(lookup.derivation(b.id())).isEqualTo(FormerTrace.derivation(former, b.id()));
        }
        assertThat(former.backward()).hasSizeGreaterThan(300);
    }

    /**
     * Each consumer entry knows where its node stands among the consumer's distinct inputs (what
     * makes looking up every input of a sum of 150 nodes cost the sum once, not 150 scans of it).
     */
    @Test
    void eachConsumerEntryPointsToItsNodesPlaceAmongTheConsumersInputs() {
        StringBuilder program = new StringBuilder();
        StringBuilder sum = new StringBuilder("y = x * x");
        for (int i = 0; i < 150; i++) {
            program.append('a').append(i).append(" = sin(x * ").append(i + 1).append(")\n");
            sum.append(" + a").append(i).append(i % 7 == 0 ? " + a" + i : "");
        }
        program.append(sum);
        CompiledExpression p = new ExpressionCompiler(Limits.DEFAULT).program(program.toString(), List.of("x"), null, null);
        Graph graph = p.graph();
        TraceTemplate.Consumers consumers = p.graph().traceTemplate().consumers();
        int entries = 0;
        for (int node = 0; node < graph.size(); node++) {
            for (int k = consumers.from(node); k < consumers.to(node); k++) {
                int[] inputs = graph.distinctInputs(consumers.at(k));
                assertThat(inputs[consumers.placeAt(k)]).as("entry " + k + " of node " + graph.id(node)).isEqualTo(node);
                entries++;
            }
        }
        assertThat(entries).as("consumer entries checked").isGreaterThan(450);
    }

    @Test
    void aTemplateOfAnotherGraphIsRefused() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        CompiledExpression a = compiler.expression("x * z", List.of("x", "z"), null);
        CompiledExpression b = compiler.expression("x * z", List.of("x", "z"), null);
        Evaluation e = Evaluation.run(a.graph(), Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3)), Set.of("x", "z"), a.output());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Trace.of(e, b.graph().traceTemplate())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Trace.of(e, a.graph().traceTemplate()).nodes()).hasSize(3);
    }

    private static boolean hasRepeats(Graph graph) {
        for (int node = 0; node < graph.size(); node++) {
            if (graph.hasRepeatedInputs(node)) {
                return true;
            }
        }
        return false;
    }

    private static String randomProgram(Random rng, boolean tensor) {
        List<String> names = new ArrayList<>(List.of("x", "z"));
        List<String> vectors = new ArrayList<>(tensor ? List.of("v") : List.of());
        StringBuilder program = new StringBuilder();
        int steps = 2 + rng.nextInt(9);
        for (int s = 0; s < steps; s++) {
            String a = names.get(rng.nextInt(names.size()));
            String b = rng.nextInt(4) == 0 ? a : names.get(rng.nextInt(names.size())); // sometimes one node twice: x * x, a / a
            if (tensor && rng.nextInt(3) == 0) {
                String w = vectors.get(rng.nextInt(vectors.size()));
                String rhs = switch (rng.nextInt(6)) {
                    case 0 -> "sum(" + w + " * " + w + ") + " + a;
                    case 1 -> "sigmoid(" + w + " * " + a + ")";
                    case 2 -> "M @ " + w;
                    case 3 -> w + " / " + w + " + " + w + " * " + a;
                    case 4 -> "mean(exp(" + w + "))";
                    default -> "tanh(" + w + ") - " + a;
                };
                String name = "w" + s;
                program.append(name).append(" = ").append(rhs).append('\n');
                if (rhs.startsWith("sum") || rhs.startsWith("mean")) {
                    names.add(name);
                } else if (!rhs.startsWith("M @")) {
                    vectors.add(name);
                }
                continue;
            }
            String name = "n" + s;
            String rhs = switch (rng.nextInt(4)) {
                case 0 -> UNARY[rng.nextInt(UNARY.length)] + "(" + a + " * " + a + " + 1)";
                case 1 -> a + " / " + a + " + " + b;
                default -> a + " " + BINARY[rng.nextInt(BINARY.length)] + " " + b;
            };
            program.append(name).append(" = ").append(rhs).append('\n');
            names.add(name);
        }
        String last = names.get(names.size() - 1);
        String tail = tensor && vectors.size() > 1 ? " + sum(" + vectors.get(vectors.size() - 1) + ")" : "";
        program.append("y = ").append(last).append(" + ").append(names.get(rng.nextInt(names.size()))).append(tail);
        return program.toString();
    }

    private static Map<String, Tensor> bindings(Random rng, boolean tensor) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("x", Tensor.scalar(0.5 + rng.nextDouble()));
        inputs.put("z", Tensor.scalar(rng.nextInt(6) == 0 ? 0.0 : 0.5 + rng.nextDouble())); // sometimes a non-finite partial
        if (tensor) {
            inputs.put("v", Tensor.of(new int[] {3}, new double[] {rng.nextDouble(), -1, 2}));
            inputs.put("M", Tensor.of(new int[] {2, 3}, rng.doubles(6).toArray()));
        }
        return inputs;
    }

    /** Every string and every number's bits, in order. */
    static String render(Trace trace) {
        StringBuilder s = new StringBuilder();
        for (Trace.NodeEntry n : trace.nodes()) {
            s.append(n.id()).append('|').append(n.kind()).append('|').append(n.op()).append('|').append(n.inputs()).append('|')
                    .append(n.expression()).append('|').append(bits(n.value())).append('|').append(bits(n.gradient())).append('\n');
        }
        for (Trace.BackwardEntry b : trace.backward()) {
            s.append(render(b));
        }
        return s.toString();
    }

    static String render(Trace.BackwardEntry b) {
        StringBuilder s = new StringBuilder("g_").append(b.id()).append(" = ").append(bits(b.gradient())).append('\n');
        for (Trace.Term t : b.terms()) {
            s.append("  ").append(t.consumer()).append('|').append(t.localDerivative()).append('|').append(bits(t.localValue())).append('|')
                    .append(bits(t.contribution())).append('|').append(t.vjp()).append('|').append(Arrays.toString(t.jacobianShape())).append('\n');
        }
        return s.toString();
    }

    private static String bits(Tensor t) {
        if (t == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder(Arrays.toString(t.shape()));
        for (int k = 0; k < t.size(); k++) {
            // every NaN as one: its sign bit may differ between the interpreter and compiled code, and the answer prints "NaN"
            s.append(' ').append(Long.toHexString(Double.doubleToLongBits(t.get(k))));
        }
        return s.toString();
    }
}
