package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.ExpressionGradients;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written writer of the gradient answer gives exactly the bytes of Jackson's own record
 * serializer: on real traces (scalars, tensors, non-finite values with warnings, a verification)
 * and on random records with nulls, escapes and awkward doubles.
 */
class GradientResponseWriterTest {

    /** Jackson's record serializer, with the application's number writer. */
    private static final JsonMapper RECORDS = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final JsonMapper WRITER = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .addModule(GradientResponseWriter.addTo(new SimpleModule("test"))).build();

    private final ExpressionCompiler compiler = new ExpressionCompiler(new Limits(100_000, 1_000, 10_000));

    @Test
    void realTracesAreWrittenByteForByteAsJacksonWritesTheRecords() {
        Map<String, Tensor> example1 = Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3));
        assertSameBytes(answer("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", example1, List.of(), false));
        assertSameBytes(answer("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", example1, List.of("z"), true));
        // log of a negative number: NaN values and gradients, written as strings, and warnings
        GradientResponse nan = answer("log(x) * z + 1/(x - 2)", example1, List.of(), false);
        assertThat(nan.warnings()).isNotEmpty();
        assertSameBytes(nan);
        assertSameBytes(answer("log(x - 3) * z", example1, List.of(), false));
        // vectors and matrices: list and list-of-rows values, vector-Jacobian products, Jacobian shapes
        Map<String, Tensor> tensors = Map.of(
                "A", Tensor.of(new int[] {2, 3}, new double[] {1, -2, 3.5, 0.25, 1e-300, -0.0}),
                "v", Tensor.of(new int[] {3}, new double[] {0.1, 0.2, 0.3}));
        assertSameBytes(answer("sum(sigmoid(A @ v) * (A @ v))", tensors, List.of(), false));
        assertSameBytes(answer("sum(exp(A) * A)", tensors, List.of("A"), true));
    }

    @Test
    void randomRecordsAreWrittenByteForByteAsJacksonWritesThem() {
        Random random = new Random(16);
        for (int i = 0; i < 2_000; i++) {
            assertSameBytes(randomResponse(random));
            GradientResponse.BackwardStep step = randomStep(random);
            assertThat(new String(WRITER.writeValueAsBytes(step), StandardCharsets.UTF_8))
                    .isEqualTo(new String(RECORDS.writeValueAsBytes(step), StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersBeyondWhatTheMemoKeepsAreWrittenTheSame() {
        Random random = new Random(3);
        double[] many = new double[3 * GradientResponseWriter.Out.MAX_KEPT];
        for (int i = 0; i < many.length; i++) {
            // distinct numbers first (the memo fills up), then repeats of kept and of unkept ones
            many[i] = i < 2 * GradientResponseWriter.Out.MAX_KEPT ? random.nextGaussian() * 1e3 : many[random.nextInt(i)];
        }
        GradientResponse.Node node = new GradientResponse.Node("A", "input", null, null, "A", new int[] {many.length}, many, many.clone());
        GradientResponse r = new GradientResponse("A", 1.5, Map.of("A", many), List.of(node), List.of(), List.of(), null);
        assertSameBytes(r);
    }

    /** Texts are shared between answers: numbers printed by earlier answers, on other threads, replaced in their slot or not, are written the same. */
    @Test
    void numbersSharedBetweenAnswersAndThreadsAreWrittenTheSame() throws Exception {
        Random seeds = new Random(22);
        double[] pool = new double[3 * GradientResponseWriter.Out.SHARED_SLOTS]; // more than the table holds
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i % 3 == 0 ? seeds.nextGaussian() : seeds.nextGaussian() * Math.pow(10, seeds.nextInt(40) - 20);
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            long seed = seeds.nextLong();
            threads.add(new Thread(() -> {
                try {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        double[] values = new double[1 + random.nextInt(200)];
                        for (int j = 0; j < values.length; j++) {
                            values[j] = pool[random.nextInt(random.nextBoolean() ? 64 : pool.length)];
                        }
                        GradientResponse.Node node = new GradientResponse.Node("A", "input", null, null, "A",
                                new int[] {values.length}, values, values.clone());
                        assertSameBytes(new GradientResponse("A", values[0], Map.of("A", values), List.of(node), List.of(), List.of(), null));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    /**
     * Strings are taken from a table shared by answers: the same strings written again (hits), equal
     * strings in other instances, strings that replace each other in a slot, strings the table does not
     * keep (quotes, backslashes, control and non-ASCII characters, longer than it keeps) and '/' with
     * the generator escaping it or not are written as Jackson writes them.
     */
    @Test
    void stringsSharedBetweenAnswersAreWrittenAsJacksonWritesThem() {
        String[] parts = {"x", "t1", "g_b", "/", " / ", "log(x)", "\"", "\\", "é", "\n", "\u0001", "😀", " ", "*", "~", "\u007f"};
        for (boolean slashes : new boolean[] {false, true}) {
            JsonMapper records = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .configure(JsonWriteFeature.ESCAPE_FORWARD_SLASHES, slashes).build();
            JsonMapper writer = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .configure(JsonWriteFeature.ESCAPE_FORWARD_SLASHES, slashes)
                    .addModule(GradientResponseWriter.addTo(new SimpleModule("test"))).build();
            Random random = new Random(slashes ? 5 : 6);
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < 3 * (1 << GradientResponseWriter.Out.STRING_SLOT_BITS); i++) { // more than the table holds
                StringBuilder s = new StringBuilder();
                int n = random.nextInt(8) == 0 ? GradientResponseWriter.Out.MAX_STRING - 2 + random.nextInt(5) : random.nextInt(6) + 1;
                while (s.length() < n) {
                    s.append(random.nextInt(3) == 0 ? parts[random.nextInt(parts.length)] : parts[random.nextInt(6)]);
                }
                pool.add(s.toString());
            }
            int slashed = 0;
            for (int i = 0; i < 1_500; i++) {
                List<GradientResponse.Node> nodes = new ArrayList<>();
                for (int k = random.nextInt(6); k >= 0; k--) {
                    // often one of the first strings again, sometimes an equal string in another instance
                    String id = pool.get(random.nextInt(random.nextBoolean() ? 32 : pool.size()));
                    String expression = random.nextBoolean() ? new String(id.toCharArray()) : pool.get(random.nextInt(pool.size()));
                    nodes.add(new GradientResponse.Node(id, "operation", "div", List.of(id, expression), expression, new int[0], 1.0, 2.0));
                    slashed += expression.contains("/") ? 1 : 0;
                }
                GradientResponse r = new GradientResponse(nodes.get(0).id(), 0.5, Map.of(), nodes, List.of(), List.of(), null);
                String expected = new String(records.writeValueAsBytes(r), StandardCharsets.UTF_8);
                assertThat(new String(writer.writeValueAsBytes(r), StandardCharsets.UTF_8)).isEqualTo(expected);
                if (slashes && nodes.get(0).expression().contains("/")) {
                    assertThat(expected).contains("\\/");
                }
            }
            assertThat(slashed).isGreaterThan(1_000);
        }
    }

    /** Small whole numbers and halves (Example 1's 2, 3 and 6) take different slots of the shared number table. */
    @Test
    void roundNumbersTakeDifferentSlots() {
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        double[] round = {0.5, 1, 2, 3, 4, 6, 8, 12, -1, -2, 0.25, 1.5};
        for (double v : round) {
            slots.add(GradientResponseWriter.Out.slot(Double.doubleToRawLongBits(v), GradientResponseWriter.Out.SHARED_SLOTS - 1));
        }
        assertThat(slots).hasSizeGreaterThanOrEqualTo(round.length - 1); // at most one collision among 12 in 4 096 slots
    }

    @Test
    void backwardStepsInsideOtherAnswersUseTheWriterToo() {
        Random random = new Random(7);
        List<GradientResponse.BackwardStep> steps = List.of(randomStep(random), randomStep(random));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("loss", 0.5);
        answer.put("backward", steps);
        assertThat(new String(WRITER.writeValueAsBytes(answer), StandardCharsets.UTF_8))
                .isEqualTo(new String(RECORDS.writeValueAsBytes(answer), StandardCharsets.UTF_8));
    }

    private GradientResponse answer(String text, Map<String, Tensor> inputs, List<String> wrt, boolean verify) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        inputs.forEach((name, t) -> shapes.put(name, t.shape()));
        CompiledExpression compiled = compiler.expression(text, shapes, wrt, false);
        ExpressionGradients c = ExpressionGradients.compute(compiled, inputs, Deadline.NONE);
        VerificationView verification = verify ? VerificationView.of(c.verify(c.verificationSample(50), Deadline.NONE)) : null;
        return GradientResponse.of(c, verification);
    }

    private static void assertSameBytes(GradientResponse r) {
        String expected = new String(RECORDS.writeValueAsBytes(r), StandardCharsets.UTF_8);
        assertThat(expected).contains("\"nodes\"");
        assertThat(new String(WRITER.writeValueAsBytes(r), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private static GradientResponse randomResponse(Random random) {
        Map<String, Object> gradient = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            gradient.put(randomString(random), randomTensor(random));
        }
        List<GradientResponse.Node> nodes = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            nodes.add(new GradientResponse.Node(maybe(random, randomString(random)), maybe(random, "operation"), maybe(random, "mul"),
                    random.nextBoolean() ? null : List.of(randomString(random), randomString(random)), maybe(random, randomString(random)),
                    random.nextBoolean() ? null : new int[] {random.nextInt(5), random.nextInt(5)}, randomTensor(random), randomTensor(random)));
        }
        List<GradientResponse.BackwardStep> backward = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            backward.add(randomStep(random));
        }
        List<Warning> warnings = random.nextBoolean() ? List.of() : List.of(new Warning("b", "value", "b = log(x) gives NaN at x = -2"));
        VerificationView verification = random.nextInt(4) != 0 ? null : new VerificationView("float64 central differences", randomDouble(random), 1, 1L,
                null, List.of(new VerificationView.Element("x", randomDouble(random), randomDouble(random), randomDouble(random), 0.0, 1e-10)));
        return new GradientResponse(maybe(random, randomString(random)), randomDouble(random), random.nextInt(10) == 0 ? null : gradient,
                nodes, backward, warnings, verification);
    }

    private static GradientResponse.BackwardStep randomStep(Random random) {
        List<GradientResponse.Term> terms = new ArrayList<>();
        for (int j = random.nextInt(3); j > 0; j--) {
            terms.add(new GradientResponse.Term(maybe(random, randomString(random)), maybe(random, "-a / b^2"), randomTensor(random),
                    randomTensor(random), maybe(random, "g_z1 * z1"), random.nextBoolean() ? null : new int[] {4, random.nextInt(9)}));
        }
        return new GradientResponse.BackwardStep(maybe(random, randomString(random)), randomTensor(random), terms);
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    /** null, a number, a list or a list of rows, as TensorJson makes them. */
    private static Object randomTensor(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return null;
            case 1:
            case 2:
                return randomDouble(random);
            case 3: {
                double[] list = new double[random.nextInt(4)];
                for (int i = 0; i < list.length; i++) {
                    list[i] = randomDouble(random);
                }
                return list;
            }
            default: {
                double[][] rows = new double[random.nextInt(3)][random.nextInt(3) + 1];
                for (double[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = randomDouble(random);
                    }
                }
                return rows;
            }
        }
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> random.nextBoolean() ? 0.0 : -0.0;
            case 3 -> Double.longBitsToDouble(random.nextLong());
            case 4 -> random.nextInt(1000) - 500;
            default -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        };
    }

    private static String randomString(Random random) {
        String[] parts = {"x", "t1", "g_b", "\"q\"", "\\", "é", "∂", "\n", "\u0001", "α₁", "😀", " "};
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            s.append(parts[random.nextInt(parts.length)]);
        }
        return s.toString();
    }
}
