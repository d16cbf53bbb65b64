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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Growth with size: a program of n/3 lines {@code a_i = sin(a_{i-1}) * 0.999 + x} (three nodes a
 * line) from text to gradients, with and without the full trace, and the sweeps alone. Run with {@code -prof gc} for the
 * bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class GraphSizeBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    public int nodes;

    private String program;
    private CompiledExpression compiled;
    private final ExpressionCompiler compiler = new ExpressionCompiler(new Limits(Integer.MAX_VALUE, 10_000, Integer.MAX_VALUE));
    private final Map<String, Tensor> bindings = Map.of("x", Tensor.scalar(0.5));

    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder("a0 = sin(x) * 0.999 + x\n");
        for (int i = 1; i < nodes / 3; i++) {
            text.append('a').append(i).append(" = sin(a").append(i - 1).append(") * 0.999 + x\n");
        }
        program = text.toString();
        compiled = compiler.program(program, List.of("x"), null, null);
    }

    /** The sweeps alone, on a graph compiled once (as when one expression is evaluated at many points). */
    @Benchmark
    public Evaluation sweepsOfACompiledGraph() {
        return Evaluation.run(compiled.graph(), bindings, Set.of("x"), compiled.output());
    }

    @Benchmark
    public Evaluation gradients() {
        CompiledExpression c = compiler.program(program, List.of("x"), null, null);
        return Evaluation.run(c.graph(), bindings, Set.of("x"), c.output());
    }

    @Benchmark
    public Trace gradientsWithTrace() {
        CompiledExpression c = compiler.program(program, List.of("x"), null, null);
        return Trace.of(Evaluation.run(c.graph(), bindings, Set.of("x"), c.output()));
    }
}
