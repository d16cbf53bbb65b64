package dev.adjoint.web.expressions;

import dev.adjoint.web.platform.LimitsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpressionRequestReader} against the data binder the {@code DispatcherServlet} reads with
 * (the application's configured mapper, {@code readValue} into the record), on seeded random bodies:
 * whatever the new reader accepts, the binder reads to an equal request; whatever the binder
 * rejects, the new reader declines (and so the binder's problem+json is still the answer).
 */
@SpringBootTest
class ExpressionRequestReaderTest {

    @Autowired
    JsonMapper json;

    @Autowired
    LimitsProperties limits;

    @Test
    void acceptsOnlyWhatTheDataBinderReadsTheSameAndDeclinesAllItRejects() {
        ExpressionRequestReader reader = new ExpressionRequestReader(json, limits.maxBindingElements());
        RandomRequestBodies bodies = new RandomRequestBodies(2026_11_27L);
        int accepted = 0;
        int rejectedByBinder = 0;
        int declinedValid = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = bodies.next();
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            ExpressionRequest fast = reader.read(body);
            ExpressionRequest binder;
            try {
                binder = json.readValue(body, ExpressionRequest.class);
            } catch (JacksonException e) {
                assertThat(fast).as("the binder rejects %s (%s), so the new reader must decline it", text, e.getOriginalMessage()).isNull();
                rejectedByBinder++;
                continue;
            }
            if (fast == null) {
                declinedValid++;
                continue;
            }
            accepted++;
            assertSameRequest(fast, binder, text);
        }
        // the comparison covers all three outcomes, many times each
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(rejectedByBinder).isGreaterThan(1_000);
        assertThat(declinedValid).isGreaterThan(500);
    }

    @Test
    void readsExampleOneAsTheBinderDoes() throws Exception {
        String text = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ExpressionRequest fast = new ExpressionRequestReader(json, limits.maxBindingElements()).read(body);
        assertThat(fast).isNotNull();
        assertThat(fast.bindings()).containsOnlyKeys("x", "z");
        assertSameRequest(fast, json.readValue(body, ExpressionRequest.class), text);
    }

    private static void assertSameRequest(ExpressionRequest fast, ExpressionRequest binder, String text) {
        assertThat(fast.expression()).as(text).isEqualTo(binder.expression());
        assertThat(fast.program()).as(text).isEqualTo(binder.program());
        assertThat(fast.wrt()).as(text).isEqualTo(binder.wrt());
        assertThat(fast.output()).as(text).isEqualTo(binder.output());
        assertThat(fast.verify()).as(text).isEqualTo(binder.verify());
        if (binder.bindings() == null) {
            assertThat(fast.bindings()).as(text).isNull();
            return;
        }
        assertThat(fast.bindings()).as(text).isNotNull();
        assertThat(fast.bindings().keySet()).as(text).containsExactlyElementsOf(binder.bindings().keySet());
        for (Map.Entry<String, Binding> e : binder.bindings().entrySet()) {
            Binding a = fast.bindings().get(e.getKey());
            Binding b = e.getValue();
            assertThat(Arrays.equals(a.shape(), b.shape())).as(text).isTrue();
            assertThat(a.elements()).as(text).isEqualTo(b.elements());
            assertThat(a.problem(e.getKey())).as(text).isEqualTo(b.problem(e.getKey()));
            assertThat(Double.doubleToRawLongBits(a.tensor().item())).as(text).isEqualTo(Double.doubleToRawLongBits(b.tensor().item()));
        }
    }
}
