package dev.adjoint.web.batch;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A batch read in one pass ({@link BatchEnvelope}) answers byte for byte as the same batch read by
 * Jackson: the same items sent with the key {@code "requests"} written with an escape (and padded to
 * the same length), which Jackson reads as the same key and the one-pass reading leaves to it. And the answer is the bytes Jackson
 * writes for a {@link BatchResponse} of its results.
 */
@SpringBootTest
@AutoConfigureMockMvc
class BatchAnswersTest {

    private static final String PROGRAM = "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f";

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void seededChecksAnswerTheSameReadEitherWay() throws Exception {
        Random rng = new Random(16);
        List<String> items = new ArrayList<>();
        for (int k = 0; k < 120; k++) {
            double x = 1.5 + rng.nextDouble();
            double z = 1.0 + 2 * rng.nextDouble();
            String submission = switch (k % 4) {
                case 0 -> "{\"gradient\": {\"x\": " + rng.nextGaussian() + ", \"z\": 2.0}}";
                case 1 -> "{\"value\": 0.0, \"gradient\": {\"x\": \"z*exp(x*z)\"}, \"nodes\": {\"b\": {\"gradient\": " + rng.nextGaussian() + "}}}";
                case 2 -> "{\"value\": " + rng.nextGaussian() + ", \"nodes\": {\"a\": {\"value\": " + x * z + "}}, \"stray\": 1}";
                default -> "{\"gradient\": {\"x\": [1, 2], \"z\": \"NaN\"}}";
            };
            String format = k % 5 == 0 ? ", \"format\": \"gradescope\"" : k % 5 == 1 ? ", \"format\": \"prairielearn\"" : "";
            items.add(String.format(Locale.ROOT, "{\"path\": \"/api/v1/expressions/check\", \"body\": {\"program\": \"%s\","
                    + " \"bindings\": {\"x\": %s, \"z\": %s}, \"submission\": %s%s}}", PROGRAM, x, z, submission, format));
        }
        items.add("{\"path\": \"expressions/gradient\", \"body\": {\"expression\": \"sum(W @ v)\", \"bindings\": {\"W\": [[1, 2], [3, 4]], \"v\": [0.5, -1]}}}");
        assertSameEitherWay(String.join(",\n", items), 200);
    }

    @Test
    void itemsWithProblemsAnswerTheSameReadEitherWay() throws Exception {
        String good = "{\"path\": \"/api/v1/expressions/check\", \"body\": {\"expression\": \"x^2\", \"bindings\": {\"x\": 3}, \"submission\": {\"gradient\": {\"x\": 6}}}}";
        assertSameEitherWay(String.join(",", good,
                "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x +\", \"bindings\": {\"x\": 3}}}",
                "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expresion\": \"x\"}}",
                "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x\",\n \"bindings\": {\"x\": \"2\"}}}",
                "{\"path\": \"/api/v1/nothing\", \"body\": {}}"), 200);
        // A body that is not JSON is the whole batch's 400, as before.
        assertSameEitherWay(good + ", {\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x\",}}", 400);
        assertSameEitherWay(good + ", {\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x\", \"expression\": \"y\"}}", 400);
    }

    private void assertSameEitherWay(String items, int status) throws Exception {
        // The same length either way, so a problem's line and column are the same.
        MockHttpServletResponse plain = batch("{\"requests\":      [" + items + "]}");
        MockHttpServletResponse escaped = batch("{\"requ\\u0065sts\": [" + items + "]}");
        assertThat(plain.getStatus()).as(plain.getContentAsString()).isEqualTo(status);
        assertThat(escaped.getStatus()).isEqualTo(status);
        assertThat(plain.getContentType()).isEqualTo(escaped.getContentType());
        assertThat(plain.getContentAsByteArray()).isEqualTo(escaped.getContentAsByteArray());
        if (status == 200) {
            // The joined answer is what Jackson writes for the same results.
            List<BatchResponse.Result> results = new ArrayList<>();
            for (JsonNode r : Json.parse(plain.getContentAsString()).get("results")) {
                results.add(new BatchResponse.Result(r.get("status").asInt(), r.get("body")));
            }
            assertThat(results).hasSize(items.split("\"path\"").length - 1);
            assertThat(plain.getContentAsString()).isEqualTo(json.writeValueAsString(new BatchResponse(results)));
        }
    }

    private MockHttpServletResponse batch(String body) throws Exception {
        return mvc.perform(post("/api/v1/batch").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
    }
}
