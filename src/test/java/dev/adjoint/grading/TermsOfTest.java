package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MistakeDiagnosis#termsOf} makes a node's terms when asked (and every node's at once past
 * {@link MistakeDiagnosis#ONE_BY_ONE_AT_MOST} asked, which the random programs cross); here they are held equal, term
 * for term and in order, to the terms the former whole-trace pass made for every node at once
 * ({@link #everyNodeAtOnce}, that pass as it was), over seeded random programs where nodes feed
 * several consumers, a node is used twice by one consumer, and some terms are tensors.
 */
class TermsOfTest {

    private static final String[] UNARY = {"sin", "exp", "log", "tanh", "sqrt"};
    private static final String[] BINARY = {"+", "-", "*", "/"};

    @Test
    void eachNodesTermsAreThoseOfTheWholeTracePass() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        Random rng = new Random(1616);
        int compared = 0;
        int withWrongWay = 0;
        for (int trial = 0; trial < 200; trial++) {
            boolean tensor = trial % 10 == 9;
            List<String> names = new ArrayList<>(List.of("x", "z"));
            StringBuilder program = new StringBuilder();
            int steps = 2 + rng.nextInt(8);
            for (int s = 0; s < steps; s++) {
                String name = "n" + s;
                String a = names.get(rng.nextInt(names.size()));
                String b = rng.nextInt(4) == 0 ? a : names.get(rng.nextInt(names.size())); // sometimes one node twice
                String rhs = rng.nextInt(3) == 0 ? UNARY[rng.nextInt(UNARY.length)] + "(" + a + " * " + a + " + 1)"
                        : a + " " + BINARY[rng.nextInt(BINARY.length)] + " " + b;
                program.append(name).append(" = ").append(rhs).append('\n');
                names.add(name);
            }
            String last = names.get(names.size() - 1);
            program.append("y = ").append(tensor ? "sum(v * " + last + ") + " + last : last + " + " + names.get(rng.nextInt(names.size() - 1)));
            Map<String, int[]> shapes = new LinkedHashMap<>();
            shapes.put("x", new int[0]);
            shapes.put("z", new int[0]);
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            inputs.put("x", Tensor.scalar(0.5 + rng.nextDouble()));
            inputs.put("z", Tensor.scalar(0.5 + rng.nextDouble()));
            if (tensor) {
                shapes.put("v", new int[] {3});
                inputs.put("v", Tensor.of(new int[] {3}, new double[] {rng.nextDouble(), -1, 2}));
            }
            CompiledExpression p = compiler.program(program.toString(), shapes, null, null, true);
            Evaluation e = Evaluation.run(p.graph(), inputs, inputs.keySet(), p.output());
            Trace trace = dev.adjoint.autodiff.FormerTrace.of(e); // the trace as main made it before the template
            Map<String, List<MistakeDiagnosis.Term>> expected = everyNodeAtOnce(trace);
            Function<String, List<MistakeDiagnosis.Term>> lazy = MistakeDiagnosis.termsOf(trace);
            Function<String, List<MistakeDiagnosis.Term>> allAtOnce = MistakeDiagnosis.termsOf(trace, 0);
            // without the whole trace: each node's terms from its own entry and its inputs' (Trace.Lookup), then every node's at once
            Function<String, List<MistakeDiagnosis.Term>> oneNode = MistakeDiagnosis.termsOf(Trace.lookup(e, p.graph().traceTemplate()));
            Function<String, List<MistakeDiagnosis.Term>> oneNodeOnly = MistakeDiagnosis.termsOf(Trace.lookup(e, p.graph().traceTemplate()), Integer.MAX_VALUE);
            List<String> ids = new ArrayList<>(p.graph().ids());
            ids.add("no-such-node");
            java.util.Collections.shuffle(ids, rng); // asked in any order
            for (String id : ids) {
                assertThat(lazy.apply(id)).as(program + " at " + id).isEqualTo(expected.get(id));
                assertThat(lazy.apply(id)).as("asked twice").isEqualTo(expected.get(id));
                assertThat(allAtOnce.apply(id)).as(program + " at " + id + ", every node at once").isEqualTo(expected.get(id));
                assertThat(oneNode.apply(id)).as(program + " at " + id + ", from one-node entries").isEqualTo(expected.get(id));
                assertThat(oneNodeOnly.apply(id)).as(program + " at " + id + ", from one-node entries only").isEqualTo(expected.get(id));
                compared++;
                withWrongWay += expected.get(id) != null && expected.get(id).stream().anyMatch(MistakeDiagnosis.Term::wrongWay)
                        && expected.get(id).stream().anyMatch(t -> !t.wrongWay()) ? 1 : 0;
            }
        }
        assertThat(compared).isGreaterThan(1500);
        assertThat(withWrongWay).as("nodes with both kinds of terms").isGreaterThan(100);
    }

    /** The former {@code termsOf}: every node's terms made in one pass over the backward entries. */
    private static Map<String, List<MistakeDiagnosis.Term>> everyNodeAtOnce(Trace trace) {
        Map<String, Double> gradients = new HashMap<>();
        for (Trace.NodeEntry n : trace.nodes()) {
            if (n.gradient() != null && n.gradient().isScalar()) {
                gradients.put(n.id(), n.gradient().item());
            }
        }
        Map<String, List<MistakeDiagnosis.Term>> byNode = new HashMap<>();
        for (Trace.BackwardEntry b : trace.backward()) {
            List<MistakeDiagnosis.Term> terms = new ArrayList<>(b.terms().size());
            for (Trace.Term t : b.terms()) {
                Tensor c = t.contribution();
                Double g = gradients.get(t.consumer());
                if (t.localDerivative() == null || t.localValue() == null || g == null || !c.isScalar() || !t.localValue().isScalar()) {
                    terms = null;
                    break;
                }
                terms.add(new MistakeDiagnosis.Term(t.consumer(), g, t.localDerivative(), t.localValue().item(), c.item()));
            }
            if (terms != null) {
                byNode.computeIfAbsent(b.id(), k -> new ArrayList<>()).addAll(0, terms);
                for (MistakeDiagnosis.Term t : terms) {
                    Double gb = gradients.get(b.id());
                    if (gb != null) {
                        byNode.computeIfAbsent(t.consumer(), k -> new ArrayList<>())
                                .add(new MistakeDiagnosis.Term(b.id(), gb, t.localDerivative(), t.localValue(), gb * t.localValue(), true));
                    }
                }
            }
        }
        return byNode;
    }
}
