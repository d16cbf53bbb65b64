package dev.adjoint.web.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass reading of a batch's envelope: the plain shape is read exactly, anything else is left to Jackson. */
class BatchEnvelopeTest {

    @Test
    void thePlainShapeGivesEachPathAndTheExactTextOfEachBody() {
        String first = "{\"expression\": \"x}\\\"{[\", \"bindings\": {\"x\": [[1, 2], [3, 4]]}}";
        String second = "{ }";
        String text = " {\n \"requests\" :\t[ {\"path\": \"/api/v1/expressions/check\", \"body\": " + first + "} ,\r\n"
                + "{\"body\":" + second + ",\"path\":\"expressions/gradient\"}]}\n";
        BatchEnvelope e = BatchEnvelope.scan(text, 10);
        assertThat(e).isNotNull();
        assertThat(e.items).extracting(BatchRequest.Item::path).containsExactly("/api/v1/expressions/check", "expressions/gradient");
        assertThat(e.items).allSatisfy(item -> assertThat(item.body()).isNull());
        assertThat(e.bodies).containsExactly(first, second);
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
