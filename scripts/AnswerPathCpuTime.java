import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.ExpressionGradients;
import dev.adjoint.expression.Limits;
import dev.adjoint.web.expressions.GradientResponse;
import dev.adjoint.web.expressions.GradientResponseWriter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;

/**
 * Example 1's answer from its computation to its bytes, as the gradient route makes it, timed in CPU
 * time of the running thread (BENCHMARKS.md "Issue 16, sixth pass"): the evaluation, then either the
 * response records ({@code GradientResponse.of}) written by the service's mapper, and (where the
 * classes have it: the sixth pass's branch http7 at 73bfcc8, not merged) the answer written straight from
 * the trace ({@code GradientResponseWriter.TraceAnswer}), alternating, best of 10 rounds of 100 000 after
 * 5 warm-up rounds. Collections run on other threads
 * and are not counted. Run on a jar's classes:
 * {@code unzip -q -o <jar> -d /tmp/x && java -cp '/tmp/x/BOOT-INF/classes:/tmp/x/BOOT-INF/lib/*' scripts/AnswerPathCpuTime.java}
 */
public class AnswerPathCpuTime {
    public static void main(String[] args) throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        CompiledExpression c = new ExpressionCompiler(Limits.DEFAULT)
                .expression("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", List.of("x", "z"), null);
        Map<String, Tensor> inputs = Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3));
        ObjectWriter writer = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .addModule(GradientResponseWriter.addTo(new SimpleModule("answers"))).build().writer();
        Constructor<?> traceAnswer = null;
        try {
            traceAnswer = Class.forName("dev.adjoint.web.expressions.GradientResponseWriter$TraceAnswer").getConstructors()[0];
        } catch (ClassNotFoundException none) {
            // classes before the sixth pass: the records only
        }
        int ways = traceAnswer == null ? 1 : 2;
        String[] names = {"evaluation + records + writer", "evaluation + trace + TraceAnswer"};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long bytes = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (int round = 0; round < 15; round++) {
            for (int w = 0; w < ways; w++) {
                long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 100_000; i++) {
                    out.reset();
                    ExpressionGradients computed = ExpressionGradients.compute(c, inputs, Deadline.NONE);
                    if (w == 0) {
                        writer.writeValue(out, GradientResponse.of(computed, null));
                    } else {
                        computed.trace();
                        writer.writeValue(out, traceAnswer.newInstance(computed, null));
                    }
                    bytes += out.size();
                }
                double us = (mx.getCurrentThreadCpuTime() - start) / 1e3 / 100_000;
                if (round >= 5) {
                    best[w] = Math.min(best[w], us);
                }
            }
        }
        for (int w = 0; w < ways; w++) {
            System.out.printf("%-34s %.2f us per answer (CPU, best of 10 rounds)%n", names[w], best[w]);
        }
        System.out.println("(bytes written: " + bytes + ")");
    }
}
