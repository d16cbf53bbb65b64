package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.SecondOrder;
import dev.adjoint.autodiff.Tensor;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Second order on a 100-variable expression, sum of sin(x_i * x_{i+1}) for i = 0..98, compiled
 * once: one gradient (forward and reverse sweep), one Hessian-vector product (the reverse sweep on
 * dual numbers: the cheap-gradient principle says a small constant times a gradient), and the full
 * 100 x 100 Hessian (the same sweep, 16 columns at a time). The same function as
 * scripts/bench_higher_torch.py gives PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HigherOrderBenchmark {

    static final int N = 100;

    /**
     * One compiler, as each controller holds one: the benchmark measures compiling, not constructing a
     * compiler (which now builds its cache). Without a cache (this constructor's is 0 bytes), so every
     * call compiles: a gradient request whose text the endpoint's cache does not hold.
     */
    private final ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
    private CompiledExpression compiled;
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private final Map<String, Tensor> vector = new LinkedHashMap<>();
    private Set<String> wrt;
    private String text;
    private List<String> variables;

    @Setup
    public void compile() {
        StringBuilder text = new StringBuilder();
        List<String> variables = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < N; i++) {
            variables.add("x" + i);
            inputs.put("x" + i, Tensor.scalar(random.nextGaussian()));
            vector.put("x" + i, Tensor.scalar(random.nextGaussian()));
        }
        for (int i = 0; i + 1 < N; i++) {
            text.append(i == 0 ? "" : " + ").append("sin(x").append(i).append(" * x").append(i + 1).append(")");
        }
        this.text = text.toString();
        this.variables = variables;
        compiled = compiler.expression(this.text, variables, null);
        wrt = new HashSet<>(compiled.wrt());
    }

    @Benchmark
    public Evaluation gradient() {
        return Evaluation.run(compiled.graph(), inputs, wrt, compiled.output());
    }

    /** What a gradient request costs when its text is not cached: the text compiled (by one compiler, as a controller holds), then the sweeps. */
    @Benchmark
    public Evaluation compileAndGradient() {
        CompiledExpression c = compiler.expression(text, variables, null);
        return Evaluation.run(c.graph(), inputs, wrt, c.output());
    }

    /** H·v from the compiled graph: the reverse sweep evaluated on dual numbers, no graph built. */
    @Benchmark
    public Map<String, Tensor> hessianVectorProduct() {
        return SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, 1_000_000).hessianTimes(vector);
    }

    @Benchmark
    public double[][] hessian() {
        return SecondOrder.at(compiled.graph(), compiled.output(), compiled.wrt(), inputs, 1_000_000).hessian();
    }
}
