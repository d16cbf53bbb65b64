package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The forward and backward sweeps over graphs built node by node, and the trace read off them. */
class EvaluationTest {

    @Test
    void aNodeUsedInTwoSlotsGetsTheSumOfBothPartials() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int square = b.apply(Op.MUL, x, x);
        Graph graph = b.build(fresh());
        for (double at : new double[] {3.0, -1.25, 0.0}) {
            Evaluation ev = run(graph, Map.of("x", at), Set.of("x"), square);
            assertThat(ev.value(square).item()).isEqualTo(at * at);
            assertThat(ev.gradient(x).item()).isEqualTo(2 * at);
        }
        Trace.Term term = entry(Trace.of(run(graph, Map.of("x", 3.0), Set.of("x"), square)), "x").terms().get(0);
        assertThat(term.consumer()).isEqualTo("t1");
        assertThat(term.localDerivative()).isEqualTo("2 * x");
        assertThat(term.localValue().item()).isEqualTo(6.0);
    }

    @Test
    void backwardTermsOfExampleOneSumExactlyToEachGradient() {
        Graph.Builder b = Graph.builder(20);
        int x = b.input("x");
        int z = b.input("z");
        int a = b.apply(Op.MUL, x, z);
        int d = b.apply(Op.EXP, a);
        int lx = b.apply(Op.LOG, x);
        int e = b.apply(Op.DIV, a, lx);
        int c = b.apply(Op.SIN, lx);
        int f = b.apply(Op.DIV, c, a);
        int y = b.apply(Op.ADD, d, e, f);
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", 2.0, "z", 3.0), Set.of("x", "z"), y);
        assertThat(checkTermsAddUp(ev)).isEqualTo(graph.size());
        // dy/dz = x e^{xz} + x / log x - sin(log x) / (x z^2)
        double expectedZ = 2 * Math.exp(6) + 2 / Math.log(2) - Math.sin(Math.log(2)) / (2 * 9);
        assertThat(ev.gradient(z).item()).isCloseTo(expectedZ, within(1e-9));
    }

    @Test
    void backwardTermsOfRandomProgramsSumExactlyToEachGradient() {
        Op[] unary = {Op.SIN, Op.COS, Op.TANH, Op.SIGMOID, Op.ATAN, Op.NEG, Op.IDENTITY, Op.SOFTPLUS, Op.EXP};
        Op[] binary = {Op.ADD, Op.SUB, Op.MUL, Op.MUL};
        int checkedGraphs = 0;
        for (int seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            Graph.Builder b = Graph.builder(1000);
            List<Integer> nodes = new ArrayList<>(List.of(b.input("x"), b.input("y"), b.input("z"), b.constant("0.5", 0.5)));
            int count = 5 + r.nextInt(40);
            for (int k = 0; k < count; k++) {
                int kind = r.nextInt(3);
                int node;
                if (kind == 0) {
                    node = b.apply(unary[r.nextInt(unary.length)], pickInput(r, nodes));
                } else if (kind == 1) {
                    Op op = binary[r.nextInt(binary.length)];
                    int[] in = {pickInput(r, nodes), pickInput(r, nodes)};
                    node = r.nextInt(5) == 0 ? b.applyFresh(op, in) : b.apply(op, in);
                } else {
                    node = b.apply(Op.ADD, pickInput(r, nodes), pickInput(r, nodes), pickInput(r, nodes));
                }
                nodes.add(node);
            }
            int output = r.nextInt(4) == 0 ? nodes.get(4 + r.nextInt(nodes.size() - 4)) : nodes.get(nodes.size() - 1);
            Graph graph = b.build(fresh());
            Set<String> wrt = new HashSet<>();
            for (String v : List.of("x", "y", "z")) {
                if (r.nextInt(3) > 0) {
                    wrt.add(v);
                }
            }
            wrt.add("xyz".substring(seed % 3, seed % 3 + 1));
            Map<String, Double> at = Map.of("x", r.nextDouble() * 3 - 1.5, "y", r.nextDouble() * 3 - 1.5, "z", r.nextDouble() * 3 - 1.5);
            Evaluation ev = run(graph, at, wrt, output);
            if (!ev.warnings().isEmpty()) {
                continue;
            }
            assertThat(checkTermsAddUp(ev)).isPositive();
            checkedGraphs++;
        }
        assertThat(checkedGraphs).isGreaterThanOrEqualTo(50);
    }

    @Test
    void termsOfBInTheSeedProgramAreConsumerEThenConsumerC() {
        Graph.Builder bld = Graph.builder(20);
        int x = bld.input("x");
        int z = bld.input("z");
        int a = named(bld, bld.apply(Op.MUL, x, z), "a");
        int b = named(bld, bld.apply(Op.LOG, x), "b");
        int c = named(bld, bld.apply(Op.SIN, b), "c");
        int d = named(bld, bld.apply(Op.EXP, a), "d");
        int e = named(bld, bld.apply(Op.DIV, a, b), "e");
        int f = named(bld, bld.apply(Op.DIV, c, a), "f");
        int y = named(bld, bld.apply(Op.ADD, d, e, f), "y");
        Graph graph = bld.build(fresh());
        assertThat(graph.ids()).containsExactly("x", "z", "a", "b", "c", "d", "e", "f", "y");
        Evaluation ev = run(graph, Map.of("x", 2.0, "z", 3.0), Set.of("x", "z"), y);

        Trace.BackwardEntry entry = entry(Trace.of(ev), "b");
        double av = 6;
        double bv = Math.log(2);
        assertThat(entry.terms()).extracting(Trace.Term::consumer).containsExactly("e", "c");
        Trace.Term viaE = entry.terms().get(0);
        assertThat(viaE.localDerivative()).isEqualTo("-a / b^2");
        assertThat(viaE.localValue().item()).isCloseTo(-av / (bv * bv), within(1e-12));
        assertThat(viaE.contribution().item()).isEqualTo(ev.gradient(e).item() * viaE.localValue().item());
        Trace.Term viaC = entry.terms().get(1);
        assertThat(viaC.localDerivative()).isEqualTo("cos(b)");
        assertThat(viaC.localValue().item()).isCloseTo(Math.cos(bv), within(1e-15));
        assertThat(viaC.contribution().item()).isCloseTo(Math.cos(bv) / av, within(1e-15));
        assertThat(entry.gradient().item()).isCloseTo(-12.360007402472986, within(1e-12));
        assertThat(entry.gradient().item()).isEqualTo(viaE.contribution().item() + viaC.contribution().item());
        // the trace lists the output first and every node in backward order
        assertThat(Trace.of(ev).backward()).extracting(Trace.BackwardEntry::id)
                .containsExactly("y", "f", "e", "d", "c", "b", "a", "z", "x");
    }

    @Test
    void squareOfNegativeThreeHasGradientMinusSixAndNoWarnings() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int square = b.apply(Op.POW, x, b.constant("2", 2));
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", -3.0), Set.of("x"), square);
        assertThat(ev.value(square).item()).isEqualTo(9.0);
        assertThat(ev.gradient(x).item()).isEqualTo(-6.0);
        assertThat(ev.warnings()).isEmpty();
    }

    @Test
    void logOfANegativeNumberWarnsAboutTheValueOfTheLogNode() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int log = b.apply(Op.LOG, x);
        int out = b.apply(Op.MUL, log, b.constant("2", 2));
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", -1.0), Set.of("x"), out);
        assertThat(ev.value(log).item()).isNaN();
        assertThat(ev.warnings()).hasSize(1);
        Warning w = ev.warnings().get(0);
        assertThat(w.quantity()).isEqualTo("value");
        assertThat(w.node()).isEqualTo(graph.id(log));
        assertThat(w.message()).contains("log(x)").contains("NaN").contains("x = -1");
        // the gradient itself is finite: d(2 log x)/dx = 2/x
        assertThat(ev.gradient(x).item()).isEqualTo(-2.0);
    }

    @Test
    void squareRootAtZeroWarnsAboutTheGradientOfItsInput() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int root = b.apply(Op.SQRT, x);
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", 0.0), Set.of("x"), root);
        assertThat(ev.value(root).item()).isEqualTo(0.0);
        assertThat(ev.gradient(x).item()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ev.warnings()).hasSize(1);
        Warning w = ev.warnings().get(0);
        assertThat(w.quantity()).isEqualTo("gradient");
        assertThat(w.node()).isEqualTo("x");
    }

    @Test
    void aHundredThousandNodeChainEvaluatesWithoutRecursion() {
        int length = 100_000;
        Graph.Builder b = Graph.builder(length + 10);
        int x = b.input("x");
        int node = x;
        for (int i = 0; i < length; i++) {
            node = b.apply(Op.ADD, node, x);
        }
        Graph graph = b.build(fresh());
        assertThat(graph.size()).isEqualTo(length + 1);
        Evaluation ev = run(graph, Map.of("x", 0.5), Set.of("x"), node);
        // the chain is (length + 1) x
        assertThat(ev.value(node).item()).isEqualTo(0.5 * (length + 1));
        assertThat(ev.gradient(x).item()).isEqualTo(length + 1.0);
        Trace trace = Trace.of(ev);
        assertThat(trace.backward()).hasSize(length + 1);
        assertThat(entry(trace, "x").terms()).hasSize(length);
    }

    @Test
    void constantsAndVariablesOutsideWrtHaveNoGradient() {
        Graph.Builder b = Graph.builder(20);
        int x = b.input("x");
        int y = b.input("y");
        int two = b.constant("2", 2);
        int twoX = b.apply(Op.MUL, two, x);
        int sinY = b.apply(Op.SIN, y);
        int out = b.apply(Op.ADD, twoX, sinY, y);
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", 1.0, "y", 0.3), Set.of("x"), out);
        assertThat(ev.gradient(two)).isNull();
        assertThat(ev.gradient(y)).isNull();
        assertThat(ev.gradient(sinY)).as("a node only y flows into").isNull();
        assertThat(ev.isDifferentiated(sinY)).isFalse();
        assertThat(ev.gradient(x).item()).isEqualTo(2.0);
        assertThat(ev.gradient(twoX).item()).isEqualTo(1.0);
        Trace trace = Trace.of(ev);
        assertThat(trace.nodes().get(two).gradient()).isNull();
        assertThat(trace.backward()).extracting(Trace.BackwardEntry::id).doesNotContain("2", "y", graph.id(sinY));
    }

    @Test
    void aVariableInWrtThatNothingUsesHasGradientZero() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int unused = b.input("u");
        int out = b.apply(Op.SIN, x);
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", 0.0, "u", 4.0), Set.of("x", "u"), out);
        assertThat(ev.gradient(unused).item()).isEqualTo(0.0);
        assertThat(ev.gradient(x).item()).isEqualTo(1.0);
    }

    @Test
    void oneGraphEvaluatesIndependentlyAtSeveralPoints() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int out = b.apply(Op.MUL, b.apply(Op.SIN, x), x);
        Graph graph = b.build(fresh());
        Evaluation first = run(graph, Map.of("x", 1.0), Set.of("x"), out);
        Evaluation second = run(graph, Map.of("x", 2.0), Set.of("x"), out);
        Evaluation again = run(graph, Map.of("x", 1.0), Set.of("x"), out);
        // d(x sin x)/dx = sin x + x cos x
        assertThat(second.gradient(x).item()).isCloseTo(Math.sin(2) + 2 * Math.cos(2), within(1e-15));
        assertThat(again.gradient(x).item()).isEqualTo(first.gradient(x).item());
        assertThat(first.gradient(x).item()).isCloseTo(Math.sin(1) + Math.cos(1), within(1e-15));
    }

    /**
     * A step the output does not use ({@code u = log(x)} beside {@code y = 2 * x}) has adjoint 0: per
     * the sweep's contract it contributes nothing, and the trace lists its term as 0, so the terms
     * of x still add up to its gradient 2. At x = 0 the local partial 1/x is infinite.
     */
    @Test
    void aStepTheOutputDoesNotUseContributesAZeroTermEvenWhereItsPartialIsInfinite() {
        Graph.Builder b = Graph.builder(10);
        int x = b.input("x");
        int u = named(b, b.apply(Op.LOG, x), "u");
        int y = named(b, b.apply(Op.MUL, b.constant("2", 2), x), "y");
        Graph graph = b.build(fresh());
        Evaluation ev = run(graph, Map.of("x", 0.0), Set.of("x"), y);
        assertThat(ev.gradient(x).item()).isEqualTo(2.0);
        assertThat(ev.gradient(u).item()).isEqualTo(0.0);
        Trace.BackwardEntry entry = entry(Trace.of(ev), "x");
        assertThat(entry.gradient().item()).isEqualTo(2.0);
        assertThat(entry.terms()).extracting(Trace.Term::consumer).containsExactly("y", "u");
        assertThat(entry.terms().get(1).contribution().item()).as("contribution of the unused step u").isEqualTo(0.0);
    }

    /** Checks that each node's terms add, in order, to exactly its gradient; returns the entries checked. */
    private static int checkTermsAddUp(Evaluation ev) {
        Graph graph = ev.graph();
        Trace trace = Trace.of(ev);
        int checked = 0;
        for (Trace.BackwardEntry entry : trace.backward()) {
            int node = graph.indexOf(entry.id());
            double gradient = entry.gradient().item();
            assertThat(gradient).isEqualTo(ev.gradient(node).item());
            if (node == ev.output()) {
                assertThat(gradient).isEqualTo(1.0);
                assertThat(entry.terms()).isEmpty();
            } else if (entry.terms().isEmpty()) {
                assertThat(gradient).as("gradient of %s, which has no consumer", entry.id()).isEqualTo(0.0);
            } else {
                double sum = entry.terms().get(0).contribution().item();
                for (int k = 1; k < entry.terms().size(); k++) {
                    sum += entry.terms().get(k).contribution().item();
                }
                assertThat(sum == gradient).as("terms of %s sum to %s, gradient %s", entry.id(), sum, gradient).isTrue();
                for (Trace.Term term : entry.terms()) {
                    double consumerGradient = ev.gradient(graph.indexOf(term.consumer())).item();
                    assertThat(term.contribution().item())
                            .isCloseTo(consumerGradient * term.localValue().item(), within(1e-12 * (1 + Math.abs(consumerGradient * term.localValue().item()))));
                }
            }
            checked++;
        }
        return checked;
    }

    private static int pickInput(Random r, List<Integer> nodes) {
        int n = nodes.size();
        return r.nextInt(3) > 0 ? nodes.get(Math.max(0, n - 1 - r.nextInt(6))) : nodes.get(r.nextInt(n));
    }

    private static int named(Graph.Builder b, int node, String id) {
        b.name(node, id);
        return node;
    }

    private static Trace.BackwardEntry entry(Trace trace, String id) {
        return trace.backward().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static Evaluation run(Graph graph, Map<String, Double> at, Set<String> wrt, int output) {
        Map<String, Tensor> values = new HashMap<>();
        at.forEach((k, v) -> values.put(k, Tensor.scalar(v)));
        return Evaluation.run(graph, values, wrt, output);
    }

    private static Supplier<String> fresh() {
        int[] next = {1};
        return () -> "t" + next[0]++;
    }
}
