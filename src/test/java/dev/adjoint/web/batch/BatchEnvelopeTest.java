package dev.adjoint.web.batch;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass reading of a batch's envelope: the plain shape is read exactly, anything else is left to Jackson. */
class BatchEnvelopeTest {

    @Test
    void thePlainShapeGivesEachPathAndTheExactTextOfEachBody() {
        // strings with braces, escaped quotes, an escaped backslash before the closing quote
        String first = "{\"expression\": \"x}\\\"{[\", \"t\": \"a\\\\\", \"u\": \"\\\"}\", \"bindings\": {\"x\": [[1, 2], [3, 4]]}}";
        String second = "{ }";
        String text = " {\n \"requests\" :\t[ {\"path\": \"/api/v1/expressions/check\", \"body\": " + first + "} ,\r\n"
                + "{\"body\":" + second + ",\"path\":\"expressions/gradient\"}]}\n";
        BatchEnvelope e = BatchEnvelope.scan(text, 10);
        assertThat(e).isNotNull();
        assertThat(e.items).extracting(BatchRequest.Item::path).containsExactly("/api/v1/expressions/check", "expressions/gradient");
        assertThat(e.items).allSatisfy(item -> assertThat(item.body()).isNull());
        assertThat(e.bodies).containsExactly(first, second);
    }

    /** Seeded random bodies, strings full of quotes, backslashes, brackets and non-Latin letters: each span is the body as written. */
    @Test
    void randomBodiesAreFoundExactly() {
        java.util.Random rng = new java.util.Random(1600);
        String alphabet = "ab\"\\{}[],: \n\u00e9\u03b1/";
        for (int trial = 0; trial < 100; trial++) {
            List<String> bodies = new ArrayList<>();
            StringBuilder text = new StringBuilder("{\"requests\": [");
            int n = 1 + rng.nextInt(20);
            for (int k = 0; k < n; k++) {
                Map<String, Object> body = new LinkedHashMap<>();
                for (int f = rng.nextInt(4); f > 0; f--) {
                    StringBuilder v = new StringBuilder();
                    for (int c = rng.nextInt(12); c > 0; c--) {
                        v.append(alphabet.charAt(rng.nextInt(alphabet.length())));
                    }
                    body.put("k" + f + v, rng.nextBoolean() ? v.toString() : List.of(v.toString(), Map.of("n", rng.nextGaussian()), List.of()));
                }
                String written = Json.write(body);
                bodies.add(written);
                text.append(k == 0 ? "" : ",").append("{\"path\": \"p").append(k % 3).append("\", \"body\": ").append(written).append('}');
            }
            text.append("]}");
            BatchEnvelope e = BatchEnvelope.scan(text.toString(), 100);
            assertThat(e).as(text.toString()).isNotNull();
            assertThat(e.bodies).containsExactlyElementsOf(bodies);
            assertThat(e.items).hasSize(n);
        }
    }

    @Test
    void everyOtherShapeIsLeftToJackson() {
        String item = "{\"path\": \"p\", \"body\": {}}";
        String[] unusual = {
            "{\"requests\": []}",
            "{\"requests\": null}",
            "{\"requests\": [" + item + "], \"other\": 1}",
            "{\"requ\\u0065sts\": [" + item + "]}",
            "{\"requests\": [{\"path\": \"p\"}]}",
            "{\"requests\": [{\"body\": {}}]}",
            "{\"requests\": [{\"path\": \"p\", \"body\": {}, \"extra\": 1}]}",
            "{\"requests\": [{\"path\": \"p\", \"path\": \"q\"}]}",
            "{\"requests\": [{\"path\": \"p\", \"body\": null}]}",
            "{\"requests\": [{\"path\": \"p\", \"body\": [1, 2]}]}",
            "{\"requests\": [{\"path\": \"p\", \"body\": \"{}\"}]}",
            "{\"requests\": [{\"path\": null, \"body\": {}}]}",
            "{\"requests\": [{\"path\": \"\\/p\", \"body\": {}}]}",
            "{\"requests\": [" + item + ",]}",
            "{\"requests\": [" + item + "]} x",
            "{\"requests\": [" + item + "]",
            "{\"requests\": [{\"path\": \"p\", \"body\": {\"a\": [1}]}]}",
            "{\"requests\": [{\"path\": \"p\", \"body\": {\"a\": \"}]}",
            "[" + item + "]",
            "",
        };
        for (String text : unusual) {
            assertThat(BatchEnvelope.scan(text, 10)).as(text).isNull();
        }
        assertThat(BatchEnvelope.scan("{\"requests\": [" + item + "]}", 10)).isNotNull();
    }

    /**
     * Many escapes in strings whose closing quote is far away, over several items: each span is
     * still exact (the next quote and backslash are remembered, not searched for per escape).
     */
    @Test
    void stringsOfManyEscapesAreFollowedToTheirEnd() {
        String escapes = "\\\\\\\"".repeat(20_000); // the JSON text \\\" : an escaped backslash, then an escaped quote
        String first = "{\"expression\": \"" + escapes + "x\", \"t\": \"}\"}";
        String second = "{\"u\": \"" + "\\n".repeat(5_000) + "\"}";
        String text = "{\"requests\": [{\"path\": \"p\", \"body\": " + first + "}, {\"path\": \"p\", \"body\": " + second + "}]}";
        BatchEnvelope e = BatchEnvelope.scan(text, 10);
        assertThat(e).isNotNull();
        assertThat(e.bodies).containsExactly(first, second);
    }

    @Test
    void moreItemsThanTheLimitAreLeftToJacksonAndTheLimitsAnswer() {
        String item = "{\"path\": \"p\", \"body\": {}}";
        String three = "{\"requests\": [" + item + "," + item + "," + item + "]}";
        assertThat(BatchEnvelope.scan(three, 3).bodies).hasSize(3);
        assertThat(BatchEnvelope.scan(three, 2)).isNull();
    }

    @Test
    void aBodyNestedDeeperThanTheBoundIsLeftToJackson() {
        int depth = BatchEnvelope.MAX_BODY_DEPTH;
        String fits = "{\"a\": " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
        String deeper = "{\"a\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(BatchEnvelope.scan("{\"requests\": [{\"path\": \"p\", \"body\": " + fits + "}]}", 10).bodies).containsExactly(fits);
        assertThat(BatchEnvelope.scan("{\"requests\": [{\"path\": \"p\", \"body\": " + deeper + "}]}", 10)).isNull();
    }
}
