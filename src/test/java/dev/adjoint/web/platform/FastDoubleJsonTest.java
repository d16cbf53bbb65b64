package dev.adjoint.web.platform;

import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast number writer and parser the service's JSON uses (JsonConfiguration) give the same doubles
 * as the JDK's: every written number reads back, by Double.parseDouble and by the fast parser, as the
 * bits it was written from.
 */
class FastDoubleJsonTest {

    @Test
    void everyDoubleWrittenFastReadsBackAsTheSameBits() throws Exception {
        JsonMapper fast = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        Random random = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            if (!Double.isFinite(v)) {
                continue; // written as strings by the answers' own serializers, not as JSON numbers
            }
            String text = fast.writeValueAsString(v);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).as(text).isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(Double.doubleToRawLongBits(fast.readValue(text, Double.class))).as(text).isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(Double.doubleToRawLongBits(fast.readValue(Double.toString(v), Double.class))).isEqualTo(Double.doubleToRawLongBits(v));
        }
    }
}
