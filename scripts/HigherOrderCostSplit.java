import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.GradientGraph;
import dev.adjoint.autodiff.SecondOrder;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What second order costs, next to one gradient, on HigherOrderBenchmark's
 * function (sum of sin(x_i x_{i+1}), 100 variables). The steps run interleaved in one loop, so a
 * machine whose load drifts (BENCHMARKS.md) slows them alike and the ratios stay meaningful.
 * Run after ./mvnw -B -DskipTests compile: java -cp target/classes scripts/HigherOrderCostSplit.java
 */
public class HigherOrderCostSplit {
    public static void main(String[] args) {
        int n = 100;
        StringBuilder text = new StringBuilder();
        List<String> variables = new ArrayList<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Map<String, Tensor> vector = new LinkedHashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            variables.add("x" + i);
            inputs.put("x" + i, Tensor.scalar(random.nextGaussian()));
            vector.put("x" + i, Tensor.scalar(random.nextGaussian()));
        }
        for (int i = 0; i + 1 < n; i++) {
            text.append(i == 0 ? "" : " + ").append("sin(x").append(i).append(" * x").append(i + 1).append(")");
        }
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        var compiled = compiler.expression(text.toString(), variables, null);
        Set<String> wrt = new HashSet<>(variables);
        String[] steps = {"compile the text", "gradient (both sweeps)", "H v (dual numbers)", "Hessian, 100 x 100", "gradient graph (formulas)"};
        long[] total = new long[steps.length];
        int rounds = 20_000; // the Hessian every 10th round only
        Object sink = null;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            sink = compiler.expression(text.toString(), variables, null);
            long t1 = System.nanoTime();
            sink = Evaluation.run(compiled.graph(), inputs, wrt, compiled.output());
            long t2 = System.nanoTime();
            sink = SecondOrder.at(compiled.graph(), compiled.output(), variables, inputs, 1_000_000).hessianTimes(vector);
            long t3 = System.nanoTime();
            sink = round % 10 == 0 ? SecondOrder.at(compiled.graph(), compiled.output(), variables, inputs, 1_000_000).hessian() : null;
            long t4 = System.nanoTime();
            sink = GradientGraph.of(compiled.graph(), compiled.output(), variables, 1_000_000);
            long t5 = System.nanoTime();
            if (round >= rounds / 2) { // the first half warms up
                long[] t = {t0, t1, t2, t3, t4, t5};
                for (int k = 0; k < steps.length; k++) {
                    total[k] += t[k + 1] - t[k];
                }
            }
        }
        double gradient = total[1] / (rounds / 2.0) / 1e3;
        for (int k = 0; k < steps.length; k++) {
            double us = total[k] / (rounds / (k == 3 ? 20.0 : 2.0)) / 1e3;
            System.out.printf("%-28s %9.1f us  %5.1f gradients%n", steps[k], us, us / gradient);
        }
        System.out.println(sink == null ? "" : "(" + compiled.graph().size() + " nodes; gradient graph "
                + GradientGraph.of(compiled.graph(), compiled.output(), variables, 1_000_000).graph().size() + ")");
    }
}
