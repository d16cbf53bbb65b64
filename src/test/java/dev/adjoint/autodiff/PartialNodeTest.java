package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each elementwise op's partial built as graph nodes ({@link Op#partialNode}) evaluates to the same
 * number as its numeric rule ({@link Op#partial}) at seeded random points: one rule, two forms.
 */
class PartialNodeTest {

    private static final int POINTS = 100;

    static Stream<Op> elementwiseOps() {
        return OpRules.elementwiseOps();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseOps")
    void partialBuiltAsNodesEqualsTheNumericPartial(Op op) {
        Random random = new Random(977L * op.ordinal() + 13);
        int arity = OpRules.sampleArity(op);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int p = 0; p < POINTS; p++) {
            double[] a = OpRules.samplePoint(op, random);
            for (int slot = 0; slot < arity; slot++) {
                Simplifier s = new Simplifier(Graph.builder(1000));
                int[] in = new int[arity];
                Map<String, Tensor> values = new HashMap<>();
                for (int i = 0; i < arity; i++) {
                    in[i] = s.input("a" + i);
                    values.put("a" + i, Tensor.scalar(a[i]));
                }
                int y = s.builder().apply(op, in); // the op itself, unsimplified, as the sweep sees it
                int partial = op.partialNode(slot, in, y, s);
                Graph graph = s.builder().build(new Fresh());
                double got = Evaluation.run(graph, values, Set.of(), partial).value(partial).item();
                double want = OpRules.partial(op, slot, a);
                if (!(Math.abs(got - want) <= 1e-13 * (1 + Math.abs(want)))) {
                    failures.add(op.symbol() + " slot " + slot + " at " + java.util.Arrays.toString(a) + ": nodes give " + got + ", partial " + want);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(POINTS * arity);
        assertThat(failures).isEmpty();
    }

    @Test
    void tensorOpsSayLoudlyThatTheyHaveNoNodeRuleYet() {
        Simplifier s = new Simplifier(Graph.builder(10));
        int a = s.input("W");
        int b = s.input("z");
        assertThatThrownBy(() -> Op.BINARY_CROSS_ENTROPY.partialNode(0, new int[] {a, b}, b, s))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("no graph rule for binary_cross_entropy");
    }

    private static final class Fresh implements java.util.function.Supplier<String> {
        private int next;

        @Override
        public String get() {
            return "n" + next++;
        }
    }
}
