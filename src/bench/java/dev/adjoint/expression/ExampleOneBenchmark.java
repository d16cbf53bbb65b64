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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The lecture note's Example 1 from text: parse, build, forward, backward and the full trace. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExampleOneBenchmark {

    private final ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
    private final Map<String, Tensor> bindings = Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3));

    @Benchmark
    public Trace expressionWithTrace() {
        CompiledExpression c = compiler.expression("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", List.of("x", "z"), null);
        return Trace.of(Evaluation.run(c.graph(), bindings, Set.of("x", "z"), c.output()));
    }
}
