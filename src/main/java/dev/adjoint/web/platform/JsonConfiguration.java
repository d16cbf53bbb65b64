package dev.adjoint.web.platform;

import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.expressions.GradientResponseWriter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.ContextAttributes;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Requests are read strictly: what a student sends is graded, so ambiguous input is an error, not a
 * guess. A key given twice, a number sent as a string ("2"), 2.5 where a whole number is due, a
 * number where text is due, or a string where a list of numbers is due (Jackson would read it as
 * base64) is a 400. The strings "NaN", "Infinity" and "-Infinity" still read as those numbers, as
 * they are written in answers.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictRequests(LimitsProperties limits) {
        return builder -> builder
                // Binding reads its limit from here, so an over-long list is counted, never stored.
                .defaultAttributes(ContextAttributes.getEmpty().withSharedAttribute(Binding.MAX_ELEMENTS, limits.maxBindingElements()))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Numbers read and written by Jackson's own correctly rounded algorithms (FastDoubleParser,
                // Schubfach) rather than the JDK 17 ones: the same doubles, a third of the time; printing
                // the doubles of a full trace was 4% of an Example 1 request (BENCHMARKS.md "Where users wait").
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Array, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .addModule(new SimpleModule("adjoint-number-lists").addDeserializer(double[].class, new NumberList()))
                // The answers with a full trace, written field by field: the same bytes, no per-component reflection.
                .addModule(GradientResponseWriter.addTo(new SimpleModule("adjoint-gradient-answers")));
    }

    /**
     * A list of numbers read as exactly that: Jackson's own {@code double[]} reader also takes a
     * base64 string of raw doubles, which no client of ours means to send. Elements may be the
     * strings "NaN", "Infinity" and "-Infinity".
     */
    static final class NumberList extends ValueDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.isExpectedStartArrayToken()) {
                return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
            }
            double[] values = new double[16];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                double v;
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    v = p.getDoubleValue();
                } else if (t == JsonToken.VALUE_STRING && NON_FINITE.containsKey(p.getString())) {
                    v = NON_FINITE.get(p.getString());
                } else {
                    return (double[]) ctxt.handleUnexpectedToken(double.class, p);
                }
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, 2 * n);
                }
                values[n++] = v;
            }
            return java.util.Arrays.copyOf(values, n);
        }

        private static final java.util.Map<String, Double> NON_FINITE = java.util.Map.of(
                "NaN", Double.NaN, "Infinity", Double.POSITIVE_INFINITY, "-Infinity", Double.NEGATIVE_INFINITY);
    }
}
