package dev.adjoint.network;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Deadline;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.CompiledExpressionCache;
import dev.adjoint.expression.ExpressionGradients;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The issue-16 core workloads timed in CPU time of the running thread, not wall time, so that a
 * machine shared with other builds still gives comparable figures (scripts/torch_cpu_time.py does
 * the same for PyTorch): Example 1 from text to its full trace, split into compile / sweeps / trace, and
 * as the service runs it (a hit in the compiled-text cache, the sweeps, the trace from the kept graph);
 * one 128-64-10 gradient step on one example (NetworkStepBenchmark's graph); a 10^5-node program
 * from text to gradients. Best of 10 rounds after 5 warm-up rounds. The collector's own threads are
 * not counted in the thread's CPU time; with the argument {@code sizes} the program is timed at 10^3
 * to 10^6 nodes in the process's CPU time too (every thread: the collector's work included, and the
 * JIT's, which the best round keeps small).
 */
public final class CoreCpuTime {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("sizes")) {
            sizes();
            return;
        }
        if (args.length > 0 && args[0].equals("big")) {
            big(args.length > 1 ? args[1] : "784-1024-1024-10:128");
            return;
        }
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        Map<String, Tensor> bindings = Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3));
        String text = "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
        List<String> vars = List.of("x", "z");
        CompiledExpression c0 = compiler.expression(text, vars, null);
        Evaluation e0 = Evaluation.run(c0.graph(), bindings, Set.of("x", "z"), c0.output());
        report("Example 1, text to full trace", 200_000, () -> {
            CompiledExpression c = compiler.expression(text, vars, null);
            return Trace.of(Evaluation.run(c.graph(), bindings, Set.of("x", "z"), c.output())).nodes().size();
        });
        report("  of which: compile", 200_000, () -> compiler.expression(text, vars, null).output());
        report("  of which: both sweeps", 200_000, () -> Evaluation.run(c0.graph(), bindings, Set.of("x", "z"), c0.output()).hashCode());
        report("  of which: trace", 200_000, () -> Trace.of(e0).nodes().size());
        // Not the cold text above: the service keeps compiled graphs by text (16 MiB, its default), so a
        // text sent again is a cache hit, and what depends on the graph alone is kept with it.
        ExpressionCompiler cached = new ExpressionCompiler(Limits.DEFAULT, new CompiledExpressionCache(16 << 20));
        report("Example 1 as the service runs it: a compile-cache hit, sweeps, trace", 200_000, () -> ExpressionGradients.compute(
                cached.expression(text, vars, null), bindings, Deadline.NONE).trace().nodes().size());
        report("  of which: the cache hit", 200_000, () -> cached.expression(text, vars, null).output());

        NetworkGraph net = network(new int[] {128, 64, 10});
        Map<String, Tensor> inputs = net.inputs(Parameters.of(network), examples);
        Set<String> wrt = NetworkGradients.differentiated(net);
        wrt.remove("x");
        report("128-64-10, batch 1, gradient step", 50_000, () -> Evaluation.run(net.graph, inputs, wrt, net.loss).hashCode());

        report("10^5-node program, text to gradients", 5, program(100_000));
    }

    /** GraphSizeBenchmark's program of n nodes from text to gradients. */
    private static IntSupplier program(int nodes) {
        StringBuilder program = new StringBuilder("a0 = sin(x) * 0.999 + x\n");
        for (int i = 1; i < nodes / 3; i++) {
            program.append('a').append(i).append(" = sin(a").append(i - 1).append(") * 0.999 + x\n");
        }
        String text = program.toString();
        ExpressionCompiler unlimited = new ExpressionCompiler(new Limits(Integer.MAX_VALUE, 10_000, Integer.MAX_VALUE));
        Map<String, Tensor> x = Map.of("x", Tensor.scalar(0.5));
        return () -> {
            CompiledExpression c = unlimited.program(text, List.of("x"), null, null);
            return Evaluation.run(c.graph(), x, Set.of("x"), c.output()).hashCode();
        };
    }

    private static void sizes() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int nodes = 1_000; nodes <= 1_000_000; nodes *= 10) {
            IntSupplier work = program(nodes);
            int calls = Math.max(1, 1_000_000 / nodes);
            double bestThread = Double.MAX_VALUE;
            double bestProcess = Double.MAX_VALUE;
            int hash = 0;
            for (int round = 0; round < 12; round++) {
                long thread = MX.getCurrentThreadCpuTime();
                long process = os.getProcessCpuTime();
                for (int i = 0; i < calls; i++) {
                    hash += work.getAsInt();
                }
                if (round >= 4) {
                    bestThread = Math.min(bestThread, (MX.getCurrentThreadCpuTime() - thread) / 1e6 / calls);
                    bestProcess = Math.min(bestProcess, (os.getProcessCpuTime() - process) / 1e6 / calls);
                }
            }
            System.out.printf("%,9d nodes, text to gradients: %9.3f ms of the thread's CPU time, %9.3f ms of the process's (best of 8 rounds of %d; %d)%n",
                    nodes, bestThread, bestProcess, calls, hash & 7);
        }
    }

    /**
     * NetworkStepBenchmark's step of {@code shape} (default 784-1024-1024-10:128): wall, thread and process
     * CPU time per step, best of the last 5 of 10 rounds of 20 steps. With OpenBLAS's two threads the
     * process's CPU time counts their spinning too; wall time is the figure to put next to the dgemm peak.
     */
    private static void big(String shape) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        NetworkStepBenchmark b = new NetworkStepBenchmark();
        b.shape = shape;
        b.setUp();
        double wall = Double.MAX_VALUE;
        double thread = Double.MAX_VALUE;
        double process = Double.MAX_VALUE;
        int hash = 0;
        for (int round = 0; round < 10; round++) {
            long w = System.nanoTime();
            long t = MX.getCurrentThreadCpuTime();
            long p = os.getProcessCpuTime();
            for (int i = 0; i < 20; i++) {
                hash += b.gradientStep().hashCode();
            }
            if (round >= 5) {
                wall = Math.min(wall, (System.nanoTime() - w) / 1e6 / 20);
                thread = Math.min(thread, (MX.getCurrentThreadCpuTime() - t) / 1e6 / 20);
                process = Math.min(process, (os.getProcessCpuTime() - p) / 1e6 / 20);
            }
        }
        System.out.printf("%s gradient step: %.3f ms wall, %.3f ms of the thread's CPU, %.3f ms of the process's (best of 5 rounds of 20; %d)%n",
                shape, wall, thread, process, hash & 7);
    }

    private static Network network;
    private static List<Example> examples;

    /** The same network and example as NetworkStepBenchmark (seeded). */
    private static NetworkGraph network(int[] widths) {
        Random random = new Random(1);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            double[][] w = new double[widths[i]][widths[i + 1]];
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            layers.add(new Layer(w, null, i + 2 == widths.length ? Activation.SOFTMAX : Activation.SIGMOID));
        }
        network = new Network(WeightLayout.IN_OUT, layers, Loss.CROSS_ENTROPY);
        examples = List.of(new Example(random.doubles(widths[0]).map(v -> v * 2 - 1).toArray(),
                (double) random.nextInt(widths[widths.length - 1]), null));
        NetworkLimits limits = new NetworkLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
        return NetworkGraph.compile(network, examples, false, limits);
    }

    private static void report(String what, int calls, IntSupplier work) {
        double best = Double.MAX_VALUE;
        int hash = 0;
        for (int round = 0; round < 15; round++) {
            long start = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                hash += work.getAsInt();
            }
            double micros = (MX.getCurrentThreadCpuTime() - start) / 1e3 / calls;
            if (round >= 5) {
                best = Math.min(best, micros);
            }
        }
        System.out.printf("%-40s %12.3f us of CPU time (best of 10 rounds of %d; %d)%n", what, best, calls, hash & 7);
    }
}
