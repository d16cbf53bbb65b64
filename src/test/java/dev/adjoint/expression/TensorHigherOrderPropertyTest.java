package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Higher order on random tensor programs (seeded): a scalar s, vectors v [n] and w [m], a matrix
 * A [m, n], combined by broadcasting arithmetic, elementwise functions, {@code @} (both
 * orientations), reductions along each axis, the softmax family, dot, outer, norm, literals and
 * indexing. Checked, with variables flattened row-major in the order of wrt: the Hessian is
 * symmetric and each column equals central differences of the gradient; H·v equals the Hessian
 * times v; a JVP equals the flattened gradient dotted with the flattened tangent, and the output's
 * central difference along the tangent; each row of a Jacobian (forward or reverse, whichever was
 * picked) equals the gradient of that output element and central differences.
 */
class TensorHigherOrderPropertyTest {

    private static final int SAMPLES = 40;
    private static final HigherOrder HIGHER = new HigherOrder(1_000_000, 100_000, 100_000_000);

    /** A random expression of a kind: 'S' scalar, 'V' [n], 'W' [m], 'M' [m, n]. */
    static String generate(Random r, char kind, int depth, int n) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (kind) {
                case 'S' -> r.nextBoolean() ? "s" : r.nextBoolean() ? "v[1]" : "A[1, 0]";
                case 'V' -> r.nextBoolean() ? "v" : "A[1]";
                case 'W' -> "w";
                default -> "A";
            };
        }
        int d = depth - 1;
        String unary = new String[] {"sin", "cos", "tanh", "sigmoid", "softplus", "atan"}[r.nextInt(6)];
        String op = new String[] {" + ", " - ", " * "}[r.nextInt(3)];
        return switch (kind) {
            case 'S' -> switch (r.nextInt(9)) {
                case 0 -> "sum(" + generate(r, 'M', d, n) + ")";
                case 1 -> "mean(" + generate(r, 'V', d, n) + ")";
                case 2 -> "dot(" + generate(r, 'V', d, n) + ", " + generate(r, 'V', d, n) + ")";
                case 3 -> "logsumexp(" + generate(r, 'V', d, n) + ")";
                case 4 -> "norm(" + generate(r, 'W', d, n) + " + 2)";
                case 5 -> generate(r, 'W', d, n) + " @ " + generate(r, 'W', d, n);
                case 6 -> "(" + generate(r, 'V', d, n) + ")'" + " @ " + generate(r, 'V', d, n);
                case 7 -> unary + "(" + generate(r, 'S', d, n) + ")";
                default -> "(" + generate(r, 'S', d, n) + op + generate(r, 'S', d, n) + ")";
            };
            case 'V' -> switch (r.nextInt(8)) {
                case 0 -> "(" + generate(r, 'M', d, n) + ")' @ " + generate(r, 'W', d, n);
                case 1 -> "sum(" + generate(r, 'M', d, n) + ", 0)";
                case 2 -> "softmax(" + generate(r, 'V', d, n) + ")";
                case 3 -> "log_softmax(" + generate(r, 'V', d, n) + ")";
                case 4 -> literal(r, n, d);
                case 5 -> unary + "(" + generate(r, 'V', d, n) + ")";
                case 6 -> "(" + generate(r, 'V', d, n) + op + generate(r, 'S', d, n) + ")";
                default -> "(" + generate(r, 'V', d, n) + op + generate(r, 'V', d, n) + ")";
            };
            case 'W' -> switch (r.nextInt(5)) {
                case 0 -> generate(r, 'M', d, n) + " @ " + generate(r, 'V', d, n);
                case 1 -> "mean(" + generate(r, 'M', d, n) + ", 1)";
                case 2 -> "logsumexp(" + generate(r, 'M', d, n) + ")";
                case 3 -> unary + "(" + generate(r, 'W', d, n) + ")";
                default -> "(" + generate(r, 'W', d, n) + op + generate(r, 'S', d, n) + ")";
            };
            default -> switch (r.nextInt(6)) {
                case 0 -> "outer(" + generate(r, 'W', d, n) + ", " + generate(r, 'V', d, n) + ")";
                case 1 -> "softmax(" + generate(r, 'M', d, n) + ")";
                case 2 -> unary + "(" + generate(r, 'M', d, n) + ")";
                case 3 -> "(" + generate(r, 'M', d, n) + op + generate(r, 'V', d, n) + ")";
                case 4 -> "(" + generate(r, 'V', d, n) + op + generate(r, 'M', d, n) + ")";
                default -> "(" + generate(r, 'M', d, n) + op + generate(r, 'S', d, n) + ")";
            };
        };
    }

    private static String literal(Random r, int n, int d) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(generate(r, 'S', Math.min(d, 1), n));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private record Case(String text, CompiledExpression compiled, Map<String, Tensor> inputs) {
    }

    /** A random program of the kind asked for at a random point: m, n in 2..3. */
    private static Case sample(Random r, char kind, int depth) {
        int m = 2 + r.nextInt(2);
        int n = 2 + r.nextInt(2);
        String text = generate(r, kind, depth, n);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("s", new int[0]);
        shapes.put("v", new int[] {n});
        shapes.put("w", new int[] {m});
        shapes.put("A", new int[] {m, n});
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> inputs.put(name, random(r, shape)));
        CompiledExpression c = Run.COMPILER.expression(text, shapes, null, kind == 'S');
        return new Case(text, c, inputs);
    }

    private static Tensor random(Random r, int[] shape) {
        if (shape.length == 0) {
            return Tensor.scalar(r.nextDouble() * 2 - 1);
        }
        Tensor t = Tensor.of(shape, new double[shape.length == 1 ? shape[0] : shape[0] * shape[1]]);
        double[] data = new double[t.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextDouble() * 2 - 1;
        }
        return Tensor.of(shape, data);
    }

    private static boolean close(double got, double want, double relative) {
        return Math.abs(got - want) <= relative * (1 + Math.abs(want));
    }

    private static double[] flatGradient(Case c, Map<String, Tensor> at) {
        Evaluation e = Evaluation.run(c.compiled().graph(), at, Set.copyOf(c.compiled().wrt()), c.compiled().output());
        List<Double> out = new ArrayList<>();
        for (String v : c.compiled().wrt()) {
            for (double x : e.gradient(c.compiled().graph().indexOf(v)).toArray()) {
                out.add(x);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] outputAt(Case c, Map<String, Tensor> at) {
        return Evaluation.run(c.compiled().graph(), at, Set.of(), c.compiled().output()).value(c.compiled().output()).toArray();
    }

    /** The inputs with flattened element j (over wrt, row-major) moved by h. */
    private static Map<String, Tensor> moved(Case c, int j, double h) {
        Map<String, Tensor> at = new HashMap<>(c.inputs());
        int offset = 0;
        for (String v : c.compiled().wrt()) {
            Tensor t = c.inputs().get(v);
            if (j < offset + t.size()) {
                at.put(v, t.isScalar() ? Tensor.scalar(t.item() + h) : t.with(j - offset, t.get(j - offset) + h));
                return at;
            }
            offset += t.size();
        }
        throw new IllegalArgumentException("no element " + j);
    }

    @Test
    void hessiansAreSymmetricAndMatchCentralDifferencesOfTheGradient() {
        Random random = new Random(8642L);
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < SAMPLES; s++) {
            Case c = sample(random, 'S', 3);
            HigherOrder.Hessian h = HIGHER.hessian(c.compiled(), c.inputs());
            double[][] m = h.hessian();
            int total = m.length;
            assertThat(h.variables()).hasSize(total);
            assertThat(h.variables()).contains("A[1,0]", "v[1]", "s");
            for (int j = 0; j < total; j++) {
                double step = 1e-5;
                double[] up = flatGradient(c, moved(c, j, step));
                double[] down = flatGradient(c, moved(c, j, -step));
                for (int i = 0; i < total; i++) {
                    if (m[i][j] != m[j][i]) {
                        failures.add("asymmetric H[" + i + "][" + j + "] of " + c.text());
                    }
                    double fd = (up[i] - down[i]) / (2 * step);
                    if (!close(m[i][j], fd, 1e-5)) {
                        failures.add("H[" + h.variables().get(i) + "][" + h.variables().get(j) + "] of " + c.text() + ": " + m[i][j] + ", central difference " + fd);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void hessianVectorProductsEqualTheHessianTimesTheVector() {
        Random random = new Random(13579L);
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < SAMPLES; s++) {
            Case c = sample(random, 'S', 3);
            Map<String, Tensor> vector = new LinkedHashMap<>();
            List<Double> flat = new ArrayList<>();
            for (String v : c.compiled().wrt()) {
                Tensor t = random(random, c.inputs().get(v).shape());
                vector.put(v, t);
                for (double x : t.toArray()) {
                    flat.add(x);
                }
            }
            HigherOrder.HessianVectorProduct p = HIGHER.hvp(c.compiled(), c.inputs(), vector);
            double[][] h = HIGHER.hessian(c.compiled(), c.inputs()).hessian();
            int row = 0;
            for (String v : c.compiled().wrt()) {
                Tensor got = p.hvp().get(v);
                assertThat(got.shape()).isEqualTo(c.inputs().get(v).shape());
                for (int e = 0; e < got.size(); e++, row++) {
                    double want = 0;
                    for (int j = 0; j < flat.size(); j++) {
                        want += h[row][j] * flat.get(j);
                    }
                    if (!close(got.toArray()[e], want, 1e-9)) {
                        failures.add("(Hv)_" + v + "[" + e + "] of " + c.text() + ": " + got.toArray()[e] + " vs " + want);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void jvpEqualsTheFlattenedGradientDottedWithTheTangent() {
        Random random = new Random(24680L);
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < SAMPLES; s++) {
            Case c = sample(random, 'S', 4);
            Map<String, Tensor> tangents = new LinkedHashMap<>();
            double want = 0;
            double[] g = flatGradient(c, c.inputs());
            int k = 0;
            for (String v : c.compiled().wrt()) {
                Tensor t = random(random, c.inputs().get(v).shape());
                tangents.put(v, t);
                for (double x : t.toArray()) {
                    want += g[k++] * x;
                }
            }
            HigherOrder.Jvp j = HIGHER.jvp(c.compiled(), c.inputs(), tangents);
            if (!close(j.tangent().item(), want, 1e-10)) {
                failures.add("jvp of " + c.text() + ": " + j.tangent().item() + ", gradient . tangent " + want);
            }
            double h = 1e-6;
            Map<String, Tensor> up = new HashMap<>(c.inputs());
            Map<String, Tensor> down = new HashMap<>(c.inputs());
            tangents.forEach((v, t) -> {
                up.put(v, c.inputs().get(v).plus(t.scale(h)));
                down.put(v, c.inputs().get(v).plus(t.scale(-h)));
            });
            double fd = (outputAt(c, up)[0] - outputAt(c, down)[0]) / (2 * h);
            if (!close(j.tangent().item(), fd, 1e-6)) {
                failures.add("jvp of " + c.text() + ": " + j.tangent().item() + ", central difference " + fd);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void jacobianRowsAreTheGradientsOfTheOutputElementsInBothModes() {
        Random random = new Random(97531L);
        List<String> failures = new ArrayList<>();
        int forward = 0;
        int reverse = 0;
        for (int s = 0; s < SAMPLES; s++) {
            char kind = "VWM".charAt(random.nextInt(3));
            Case all = sample(random, kind, 3);
            // wrt = s alone (one column: forward), or every variable (more columns than rows: reverse)
            List<String> wrt = random.nextBoolean() ? List.of("s") : List.of("s", "v", "w", "A");
            Map<String, int[]> shapes = new LinkedHashMap<>();
            all.inputs().forEach((name, t) -> shapes.put(name, t.shape()));
            CompiledExpression compiled = Run.COMPILER.expression(all.text(), shapes, wrt, false);
            Case c = new Case(all.text(), compiled, all.inputs());
            String out = compiled.graph().id(compiled.output());
            HigherOrder.Jacobian j = HIGHER.jacobian(compiled, c.inputs(), null, 1_000_000);
            if (j.mode() == HigherOrder.Mode.FORWARD) {
                forward++;
            } else {
                reverse++;
            }
            double[] y = outputAt(c, c.inputs());
            int column = 0;
            for (String v : wrt) {
                Object block = j.jacobian().get(out).get(v);
                double[][] rows = (double[][]) block;
                assertThat(rows.length).isEqualTo(y.length);
                for (int e = 0; e < c.inputs().get(v).size(); e++, column++) {
                    double h = 1e-6;
                    double[] up = outputAt(c, moved(c, column, h));
                    double[] down = outputAt(c, moved(c, column, -h));
                    for (int row = 0; row < y.length; row++) {
                        double fd = (up[row] - down[row]) / (2 * h);
                        if (!close(rows[row][e], fd, 1e-6)) {
                            failures.add("J[" + row + "][" + v + "," + e + "] of " + c.text() + " (" + j.mode() + "): " + rows[row][e] + ", central difference " + fd);
                        }
                    }
                }
            }
            // each row is the gradient of that output element: a reverse sweep seeded with a basis vector
            for (int row = 0; row < y.length; row++) {
                double[] seed = new double[y.length];
                seed[row] = 1;
                Tensor value = Evaluation.run(compiled.graph(), c.inputs(), Set.of(), compiled.output()).value(compiled.output());
                Evaluation e = Evaluation.run(compiled.graph(), c.inputs(), Set.copyOf(wrt), compiled.output(), Tensor.of(value.shape(), seed));
                for (String v : wrt) {
                    double[] g = e.gradient(compiled.graph().indexOf(v)).toArray();
                    double[] jr = ((double[][]) j.jacobian().get(out).get(v))[row];
                    for (int k = 0; k < g.length; k++) {
                        if (!close(jr[k], g[k], 1e-12)) {
                            failures.add("row " + row + " of J for " + v + " of " + c.text() + " is not the gradient of that element");
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(forward).isPositive();
        assertThat(reverse).isPositive();
    }
}
