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
import java.util.List;
import java.util.Map;

/**
 * Writing Example 1's answer (the full trace, 2 905 bytes of JSON) as the service does, timed in CPU
 * time of the running thread, so a shared machine still gives comparable figures: Jackson's record
 * serializer against GradientResponseWriter, alternating, best of 10 rounds of 100 000 after 5
 * warm-up rounds each (BENCHMARKS.md "Issue 16, third pass"). Run from a built jar:
 * {@code unzip -q -o target/adjoint-*.jar -d target/jar && java -cp 'target/jar/BOOT-INF/classes:target/jar/BOOT-INF/lib/*' scripts/AnswerWriteCpuTime.java}
 */
public class AnswerWriteCpuTime {
    public static void main(String[] args) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        CompiledExpression c = new ExpressionCompiler(Limits.DEFAULT)
                .expression("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", List.of("x", "z"), null);
        GradientResponse answer = GradientResponse.of(
                ExpressionGradients.compute(c, Map.of("x", Tensor.scalar(2), "z", Tensor.scalar(3)), Deadline.NONE), null);
        ObjectWriter records = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build().writerFor(GradientResponse.class);
        ObjectWriter writer = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .addModule(GradientResponseWriter.addTo(new SimpleModule("answers"))).build().writerFor(GradientResponse.class);
        ObjectWriter[] ways = {records, writer};
        String[] names = {"Jackson's record serializer", "GradientResponseWriter"};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long bytes = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (int round = 0; round < 15; round++) {
            for (int w = 0; w < 2; w++) {
                long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 100_000; i++) {
                    out.reset();
                    ways[w].writeValue(out, answer);
                    bytes += out.size();
                }
                double us = (mx.getCurrentThreadCpuTime() - start) / 1e3 / 100_000;
                if (round >= 5) {
                    best[w] = Math.min(best[w], us);
                }
            }
        }
        for (int w = 0; w < 2; w++) {
            System.out.printf("%-28s %.2f us per answer (CPU, best of 10 rounds)%n", names[w], best[w]);
        }
        System.out.println("(bytes written: " + bytes + ")");
    }
}
