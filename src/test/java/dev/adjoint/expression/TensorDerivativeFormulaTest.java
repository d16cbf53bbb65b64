package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Derivative formulas of tensor programs (API.md section 6): for random programs over a scalar s,
 * vectors v [n] and w [m] and a matrix A [m, n] (seeded; sizes small enough for ones to be
 * literals, and large enough that they are not), each variable's formula, compiled back from its
 * {@code program} and its {@code expression}, has the variable's shape and, at the bindings and at
 * a second point, the value of the gradient there. With order 2, {@code second.s.<variable>} is the
 * Hessian's row for s.
 */
class TensorDerivativeFormulaTest {

    private static final HigherOrder HIGHER = new HigherOrder(1_000_000, 100_000, 100_000_000);
    private static final int SAMPLES = 60;

    private record Case(String text, Map<String, int[]> shapes, CompiledExpression compiled, Map<String, Tensor> inputs) {
    }

    private static Case sample(Random r, int depth) {
        boolean large = r.nextInt(3) == 0; // 20 to 36 elements: ones as like^0, not a literal
        int m = large ? 4 + r.nextInt(3) : 2 + r.nextInt(2);
        int n = large ? 5 + r.nextInt(2) : 2 + r.nextInt(2);
        String text = TensorHigherOrderPropertyTest.generate(r, 'S', depth, n);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("s", new int[0]);
        shapes.put("v", new int[] {n});
        shapes.put("w", new int[] {m});
        shapes.put("A", new int[] {m, n});
        return new Case(text, shapes, Run.COMPILER.expression(text, shapes, null, true), point(r, shapes));
    }

    private static Map<String, Tensor> point(Random r, Map<String, int[]> shapes) {
        Map<String, Tensor> at = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            double[] data = new double[size(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextDouble() * 2 - 1;
            }
            at.put(name, shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(shape, data));
        });
        return at;
    }

    private static int size(int[] shape) {
        int s = 1;
        for (int d : shape) {
            s *= d;
        }
        return s;
    }

    private static Tensor gradient(Case c, String variable, Map<String, Tensor> at) {
        Evaluation e = Evaluation.run(c.compiled().graph(), at, Set.copyOf(c.compiled().wrt()), c.compiled().output());
        return e.gradient(c.compiled().graph().indexOf(variable));
    }

    /** The formula's value at {@code at}: a tensor-valued program or expression, compiled with the case's shapes. */
    private static Tensor valueOf(String text, boolean program, Map<String, int[]> shapes, Map<String, Tensor> at) {
        CompiledExpression f = program ? Run.COMPILER.program(text, shapes, null, null, false) : Run.COMPILER.expression(text, shapes, null, false);
        return Evaluation.run(f.graph(), at, Set.of(), f.output()).value(f.output());
    }

    private static void compare(String what, Tensor got, Tensor want, List<String> failures) {
        if (!java.util.Arrays.equals(got.shape(), want.shape())) {
            failures.add(what + ": shape " + java.util.Arrays.toString(got.shape()) + ", the gradient's " + java.util.Arrays.toString(want.shape()));
            return;
        }
        double[] g = got.toArray();
        double[] w = want.toArray();
        for (int i = 0; i < g.length; i++) {
            if (!(Math.abs(g[i] - w[i]) <= 1e-10 + 1e-8 * Math.abs(w[i]))) {
                failures.add(what + " element " + i + ": " + g[i] + ", gradient " + w[i]);
                return;
            }
        }
    }

    @Test
    void everyFormulaSentBackGivesTheGradientAtTheBindingsAndAtASecondPoint() {
        Random random = new Random(90210L);
        List<String> failures = new ArrayList<>();
        int expressions = 0;
        int literalOnes = 0;
        int powerOnes = 0;
        for (int k = 0; k < SAMPLES; k++) {
            Case c = sample(random, 3);
            Map<String, Tensor> second = point(random, c.shapes());
            HigherOrder.Derivatives d = HIGHER.derivatives(c.compiled(), 1);
            assertThat(d.first().keySet()).containsExactlyElementsOf(c.compiled().wrt());
            for (String v : c.compiled().wrt()) {
                HigherOrder.Formula f = d.first().get(v);
                for (Map<String, Tensor> at : List.of(c.inputs(), second)) {
                    Tensor want = gradient(c, v, at);
                    compare("program of d/d" + v + " of " + c.text() + " = " + f.program(), valueOf(f.program(), true, c.shapes(), at), want, failures);
                    if (f.expression() != null) {
                        compare("expression of d/d" + v + " of " + c.text() + " = " + f.expression(), valueOf(f.expression(), false, c.shapes(), at), want, failures);
                    }
                }
                expressions += f.expression() != null ? 1 : 0;
                literalOnes += f.program().contains("[1, 1") ? 1 : 0;
                powerOnes += f.program().contains("^0") ? 1 : 0;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(expressions).isGreaterThan(SAMPLES);
        assertThat(literalOnes).as("formulas that spread a number with a literal of ones").isPositive();
        assertThat(powerOnes).as("formulas too large for a literal of ones, spread with like^0").isPositive();
    }

    /** What the random programs leave out: products of matrices, transposes on their own, the other axes, norms of matrices. */
    @Test
    void theOpsTheGeneratorLeavesOutGiveTheGradientToo() {
        String[] programs = {
            "sum(A' @ (A @ A'))", "sum(A, 1) @ w + mean(A, 0) @ v", "sum(log_softmax(A) * A)", "transpose(A) @ w @ v",
            "norm(A) * s", "logsumexp(A) @ w", "A[1] @ v + A[0, 1] * s", "sum(softmax(A @ v * s))",
            "p = A @ v\nq = sigmoid(p) * w\nr = outer(q, v) - A\ny = sum(r * r) / 2", "sum(exp(A - mean(A)) @ [v, v]')"};
        Random random = new Random(2718L);
        List<String> failures = new ArrayList<>();
        for (String text : programs) {
            for (int size : new int[] {2, 5}) {
                Map<String, int[]> shapes = new LinkedHashMap<>();
                shapes.put("s", new int[0]);
                shapes.put("v", new int[] {size + 1});
                shapes.put("w", new int[] {size});
                shapes.put("A", new int[] {size, size + 1});
                boolean program = text.contains("=");
                CompiledExpression compiled = program ? Run.COMPILER.program(text, shapes, null, null, true)
                        : Run.COMPILER.expression(text, shapes, null, true);
                Case c = new Case(text, shapes, compiled, point(random, shapes));
                HigherOrder.Derivatives d = HIGHER.derivatives(compiled, 1);
                for (String v : compiled.wrt()) {
                    HigherOrder.Formula f = d.first().get(v);
                    for (Map<String, Tensor> at : List.of(c.inputs(), point(random, shapes))) {
                        compare("d/d" + v + " of " + text + " = " + f.program(), valueOf(f.program(), true, shapes, at), gradient(c, v, at), failures);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void secondDerivativesOfAScalarVariableAreTheHessiansRowInEachVariablesShape() {
        Random random = new Random(4711L);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            Case c = sample(random, 3);
            HigherOrder.Derivatives d = HIGHER.derivatives(c.compiled(), 2);
            assertThat(d.second().keySet()).containsExactly("s"); // the tensors have no row: rank 3 or 4
            double[][] h = HIGHER.hessian(c.compiled(), c.inputs()).hessian();
            int column = 0;
            for (String v : c.compiled().wrt()) {
                Tensor got = valueOf(d.second().get("s").get(v).program(), true, c.shapes(), c.inputs());
                int elements = c.inputs().get(v).size();
                double[] row = java.util.Arrays.copyOfRange(h[0], column, column + elements);
                compare("d2/ds d" + v + " of " + c.text(), got,
                        c.inputs().get(v).isScalar() ? Tensor.scalar(row[0]) : Tensor.of(c.inputs().get(v).shape(), row), failures);
                column += elements;
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aZeroKeepsItsShape() {
        Map<String, int[]> small = Map.of("A", new int[] {2, 3});
        HigherOrder.Formula zero = HIGHER.derivatives(Run.COMPILER.expression("sum(A - A) + sum(A * 0)", small, null, true), 1).first().get("A");
        assertThat(zero.expression()).isEqualTo("[[0, 0, 0], [0, 0, 0]]");
        Map<String, int[]> large = Map.of("A", new int[] {5, 5});
        HigherOrder.Formula zeros = HIGHER.derivatives(Run.COMPILER.expression("sum(A * 0)", large, null, true), 1).first().get("A");
        assertThat(zeros.expression()).isEqualTo("0 * A^0");
        assertThat(valueOf(zeros.expression(), false, large, Map.of("A", Tensor.of(new int[] {5, 5}, new double[25]))).shape()).containsExactly(5, 5);
    }

    @Test
    void theNotesProductReadsAsTheNoteWritesIt() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("W", new int[] {2, 3});
        shapes.put("x", new int[] {3});
        HigherOrder.Derivatives d = HIGHER.derivatives(Run.COMPILER.expression("sum(W @ x)", shapes, null, true), 1);
        assertThat(d.first().get("W").expression()).isEqualTo("outer([1, 1], x)");
        assertThat(d.first().get("x").expression()).isEqualTo("W' @ [1, 1]");
        assertThat(d.first().get("W").latex()).isEqualTo("\\operatorname{outer}\\left(\\begin{bmatrix} 1 & 1 \\end{bmatrix}, x\\right)");
    }

    @Test
    void orderTwoWithOnlyTensorVariablesSaysWhy() {
        CompiledExpression c = Run.COMPILER.expression("sum(v * v)", Map.of("v", new int[] {2}), null, true);
        assertThatThrownBy(() -> HIGHER.derivatives(c, 2)).isInstanceOf(NotComputableException.class)
                .hasMessageContaining("v [2]").hasMessageContaining("rank 3 or 4");
    }

    @Test
    void formulasStopAtTheDeadline() {
        StringBuilder p = new StringBuilder("a0 = x");
        for (int i = 1; i <= 3000; i++) {
            p.append("\na").append(i).append(" = sin(a").append(i - 1).append(") * x");
        }
        CompiledExpression c = Run.COMPILER.program(p.toString(), Map.of("x", new int[0]), null, null, true);
        dev.adjoint.autodiff.Deadline passed = dev.adjoint.autodiff.Deadline.of(System.nanoTime() - 2_000_000_000L, 500);
        assertThatThrownBy(() -> HIGHER.derivatives(c, 1, passed)).isInstanceOf(dev.adjoint.autodiff.DeadlineExceededException.class);
        String program = HIGHER.derivatives(c, 1).first().get("x").program(); // without a deadline: answered
        assertThat(program.substring(program.lastIndexOf('\n') + 1)).startsWith("g_x = ");
    }
}
