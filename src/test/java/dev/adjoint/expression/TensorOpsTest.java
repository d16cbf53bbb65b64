package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Op;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Tensor values and rules worked by hand: stability, the kinks, numpy's axes, and what the parser builds. */
class TensorOpsTest {

    private static Evaluation run(String text, Object... bindings) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int i = 0; i < bindings.length; i += 2) {
            Tensor t = bindings[i + 1] instanceof Tensor tensor ? tensor : Tensor.scalar(((Number) bindings[i + 1]).doubleValue());
            shapes.put((String) bindings[i], t.shape());
            values.put((String) bindings[i], t);
        }
        CompiledExpression c = Run.COMPILER.expression(text, shapes, null);
        return Evaluation.run(c.graph(), values, Set.copyOf(c.wrt()), c.output());
    }

    private static Tensor vector(double... v) {
        return Tensor.of(new int[] {v.length}, v);
    }

    private static Tensor matrix(int rows, double... v) {
        return Tensor.of(new int[] {rows, v.length / rows}, v);
    }

    private static Tensor gradient(Evaluation e, String id) {
        return e.gradient(e.graph().indexOf(id));
    }

    @Test
    void logSoftmaxAndLogsumexpOfLargeNumbersAreFinite() {
        Evaluation e = run("log_softmax(v)[1] + logsumexp(v)", "v", vector(1000, 0));
        // log_softmax(v)[1] = -1000 - log(1 + e^-1000) = -1000; logsumexp = 1000 + log(1 + e^-1000) = 1000
        assertThat(e.value(e.output()).item()).isEqualTo(0.0);
        assertThat(gradient(e, "v").isFinite()).isTrue();
        Evaluation s = run("softmax(v)[0]", "v", vector(1000, 0));
        assertThat(s.value(s.output()).item()).isEqualTo(1.0);
    }

    @Test
    void normHasGradientZeroAtZero() {
        Evaluation e = run("norm(v)", "v", vector(0, 0, 0));
        assertThat(e.value(e.output()).item()).isEqualTo(0.0);
        assertThat(gradient(e, "v").toArray()).containsExactly(0.0, 0.0, 0.0);
        Evaluation at34 = run("norm(v)", "v", vector(3, 4));
        assertThat(at34.value(at34.output()).item()).isEqualTo(5.0);
        assertThat(gradient(at34, "v").toArray()).containsExactly(new double[] {0.6, 0.8}, within(1e-15));
    }

    @Test
    void axisZeroCollapsesRowsAndAxisOneColumns() {
        Tensor a = matrix(2, 1, 2, 3, 4, 5, 6);
        Evaluation rows = run("sum(A, 0) @ [1, 10, 100]", "A", a);
        assertThat(rows.value(rows.output()).item()).isEqualTo(5 + 70 + 900);
        assertThat(gradient(rows, "A").toArray()).containsExactly(1, 10, 100, 1, 10, 100);
        Evaluation columns = run("mean(A, 1) @ [1, 10]", "A", a);
        assertThat(columns.value(columns.output()).item()).isEqualTo(2 + 50);
        assertThat(gradient(columns, "A").toArray()).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 10 / 3.0, 10 / 3.0, 10 / 3.0}, within(1e-15));
    }

    @Test
    void aVectorAddsToEveryRowAndItsGradientIsSummedOverRows() {
        Evaluation e = run("sum((A + v) * A)", "A", matrix(2, 1, 2, 3, 4), "v", vector(10, 20));
        assertThat(e.value(e.output()).item()).isEqualTo(1 * 11 + 2 * 22 + 3 * 13 + 4 * 24);
        assertThat(gradient(e, "v").toArray()).containsExactly(1 + 3, 2 + 4);
        assertThat(gradient(e, "v").shape()).containsExactly(2);
    }

    @Test
    void numpysMatrixProductRules() {
        Tensor a = matrix(2, 1, 2, 3, 4);
        Tensor v = vector(1, -1);
        assertThat(run("sum(A @ v)", "A", a, "v", v).value(3).item()).isEqualTo((1 - 2) + (3 - 4));
        Evaluation vm = run("(v @ A) @ [1, 0]", "A", a, "v", v);
        assertThat(vm.value(vm.output()).item()).isEqualTo(1 - 3);
        Evaluation vv = run("v @ v", "v", v);
        assertThat(vv.value(vv.output()).item()).isEqualTo(2.0);
        assertThat(gradient(vv, "v").toArray()).containsExactly(2, -2);
    }

    @Test
    void aTransposedProductIsOneNodeAndAVectorsTransposeIsNoNode() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("W", new int[] {3, 2});
        shapes.put("z", new int[] {3});
        Graph g = Run.COMPILER.expression("sum(W' @ z) + z' @ z", shapes, null).graph();
        assertThat(Run.nodesOf(g, Op.TRANSPOSED_PRODUCT)).hasSize(2);
        assertThat(Run.nodesOf(g, Op.TRANSPOSE)).isEmpty();
        assertThat(g.expression(Run.nodesOf(g, Op.TRANSPOSED_PRODUCT).get(0))).isEqualTo("W' @ z");
        Graph t = Run.COMPILER.expression("sum(W' * 2)", shapes, null).graph();
        assertThat(Run.nodesOf(t, Op.TRANSPOSE)).hasSize(1);
        assertThat(t.shape(Run.nodesOf(t, Op.TRANSPOSE).get(0))).containsExactly(2, 3);
    }

    @Test
    void literalsOfNumbersAndOfVectorsAndIndexing() {
        Evaluation e = run("[[s, 1], [2, s]][1, 1] * [u, u][0][1]", "s", 3, "u", vector(5, 7));
        assertThat(e.value(e.output()).item()).isEqualTo(3 * 7);
        assertThat(gradient(e, "u").toArray()).containsExactly(0, 3);
        assertThat(gradient(e, "s").item()).isEqualTo(7);
        assertThat(e.graph().shape(e.graph().indexOf("s"))).isEmpty();
        List<Integer> literals = Run.nodesOf(e.graph(), Op.LITERAL);
        assertThat(literals.stream().map(n -> java.util.Arrays.toString(e.graph().shape(n)))).contains("[2]", "[2, 2]");
        assertThat(e.value(e.graph().indexOf("s")).item()).isCloseTo(3, within(0.0));
    }
}
