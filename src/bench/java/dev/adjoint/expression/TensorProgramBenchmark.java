package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tensor programs (API.md section 5) against ../shared/bench/torch_anchor.py's workloads: the note's
 * Example 2 (3-4-3-1, one example) from text with its full trace, and a 784-256-10 softmax MLP on a
 * batch of 64 (sigmoid hidden layer, mean cross-entropy on one-hot labels, no biases) written as a
 * program: from text to the gradients of W1 and W2, and the sweeps alone on the compiled graph (the
 * figure to set beside NetworkStepBenchmark's 784-256-10:64, the same network built by networks/).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TensorProgramBenchmark {

    static final String EXAMPLE_2 = "u1 = alpha1' @ x\nz1 = sigmoid(u1)\nu2 = alpha2' @ z1\nz2 = sigmoid(u2)\nu3 = alpha3' @ z2\n"
            + "yhat = sigmoid(u3)\nJ = -(y * log(yhat) + (1 - y) * log(1 - yhat))";
    static final String MLP = "H = sigmoid(X @ W1)\nJ = -mean(sum(Y * log_softmax(H @ W2), 1))";

    private final ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
    private final Map<String, int[]> ex2Shapes = new LinkedHashMap<>();
    private final Map<String, Tensor> ex2 = new LinkedHashMap<>();
    private final Map<String, int[]> mlpShapes = new LinkedHashMap<>();
    private final Map<String, Tensor> mlp = new LinkedHashMap<>();
    private CompiledExpression mlpCompiled;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        bind(ex2Shapes, ex2, "x", random, false, 3);
        bind(ex2Shapes, ex2, "alpha1", random, false, 3, 4);
        bind(ex2Shapes, ex2, "alpha2", random, false, 4, 3);
        bind(ex2Shapes, ex2, "alpha3", random, false, 3, 1);
        ex2Shapes.put("y", new int[0]);
        ex2.put("y", Tensor.scalar(1));
        bind(mlpShapes, mlp, "X", random, false, 64, 784);
        bind(mlpShapes, mlp, "W1", random, false, 784, 256);
        bind(mlpShapes, mlp, "W2", random, false, 256, 10);
        double[] y = new double[64 * 10];
        for (int k = 0; k < 64; k++) {
            y[k * 10 + random.nextInt(10)] = 1;
        }
        mlpShapes.put("Y", new int[] {64, 10});
        mlp.put("Y", Tensor.of(new int[] {64, 10}, y));
        mlpCompiled = compiler.program(MLP, mlpShapes, null, java.util.List.of("W1", "W2"));
    }

    private static void bind(Map<String, int[]> shapes, Map<String, Tensor> values, String name, Random random, boolean unused, int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double[] data = new double[size];
        for (int i = 0; i < size; i++) {
            data[i] = random.nextGaussian();
        }
        shapes.put(name, shape);
        values.put(name, Tensor.of(shape, data));
    }

    @Benchmark
    public Trace exampleTwoFromTextWithTrace() {
        CompiledExpression c = compiler.program(EXAMPLE_2, ex2Shapes, null, null);
        return Trace.of(Evaluation.run(c.graph(), ex2, Set.copyOf(c.wrt()), c.output()));
    }

    @Benchmark
    public Evaluation mlp784x256x10Batch64FromText() {
        CompiledExpression c = compiler.program(MLP, mlpShapes, null, java.util.List.of("W1", "W2"));
        return Evaluation.run(c.graph(), mlp, Set.copyOf(c.wrt()), c.output());
    }

    @Benchmark
    public Evaluation mlp784x256x10Batch64Sweeps() {
        return Evaluation.run(mlpCompiled.graph(), mlp, Set.copyOf(mlpCompiled.wrt()), mlpCompiled.output());
    }
}
