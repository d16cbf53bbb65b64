package dev.adjoint.web.grading;

import dev.adjoint.web.Json;
import dev.adjoint.web.platform.OpenApiExamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Check, verify and batch through HTTP, with deliberately wrong submissions. */
@SpringBootTest(properties = "adjoint.limits.max-batch-items=5")
@AutoConfigureMockMvc
class GradingEndpointsTest {

    private static final String SEED_PROGRAM = "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f";

    @Autowired
    MockMvc mvc;

    /** Our own answer for the seed program, to build submissions from (right, and wrong on purpose). */
    private Map<String, Double> seedGradients() throws Exception {
        JsonNode r = body(post("/api/v1/expressions/gradient", "{\"program\": \"" + SEED_PROGRAM + "\", \"bindings\": {\"x\": 2, \"z\": 3}}"), 200);
        Map<String, Double> g = new HashMap<>();
        r.get("nodes").forEach(n -> g.put(n.get("id").asString(), n.get("gradient").asDouble()));
        return g;
    }

    @Test
    void theNotesSignSlipIsFoundAtB() throws Exception {
        Map<String, Double> g = seedGradients();
        double a = 6.0;
        double b = Math.log(2.0);
        double slipped = g.get("e") * (a / (b * b)) + g.get("c") * Math.cos(b); // +a/b^2, as the note prints it
        double xFromSlip = g.get("a") * 3.0 + slipped / 2.0;
        String submission = "{\"nodes\": {\"y\": {\"gradient\": 1}, \"e\": {\"gradient\": 1}, \"c\": {\"gradient\": " + g.get("c") + "},"
                + " \"b\": {\"gradient\": " + slipped + "}, \"a\": {\"gradient\": " + g.get("a") + "}, \"x\": {\"gradient\": " + xFromSlip + "}}}";
        JsonNode r = check(SEED_PROGRAM, submission, null);
        assertThat(r.get("correct").asBoolean()).isFalse();
        assertThat(r.get("checked").asInt()).isEqualTo(6);
        assertThat(r.get("matched").asInt()).isEqualTo(4);
        assertThat(r.get("firstWrongGradient").get("node").asString()).isEqualTo("b");
        assertThat(r.get("firstWrongGradient").get("derivation").asString()).startsWith("g_b = g_e · (-a / b^2) + g_c · (cos(b))");
        assertThat(verdicts(r)).containsEntry("nodes.b.gradient", "wrong").containsEntry("nodes.x.gradient", "wrong")
                .containsEntry("nodes.a.gradient", "correct");
    }

    @Test
    void aMissingChainRuleTermAtAFanOutNodeIsFoundAtThatNode() throws Exception {
        Map<String, Double> g = seedGradients();
        // a feeds d, e and f; forgetting f's term: g_a = g_d exp(a) + g_e / b
        double forgot = Math.exp(6.0) + 1.0 / Math.log(2.0);
        String submission = "{\"nodes\": {\"d\": {\"gradient\": 1}, \"e\": {\"gradient\": 1}, \"f\": {\"gradient\": 1},"
                + " \"a\": {\"gradient\": " + forgot + "}, \"z\": {\"gradient\": " + forgot * 2 + "}}}";
        JsonNode r = check(SEED_PROGRAM, submission, null);
        assertThat(r.get("firstWrongGradient").get("node").asString()).isEqualTo("a");
        assertThat(r.get("firstWrongGradient").get("expected").asDouble()).isEqualTo(g.get("a"));
        assertThat(r.get("score").asDouble()).isEqualTo(3.0 / 5.0);
    }

    @Test
    void tolerancesAtTheirEdges() throws Exception {
        // gradient of x^2 at 3 is 6; with relative 1e-3 and absolute 0 the edge is 6.006
        String in = "{\"gradient\": {\"x\": 6.0059}}";
        String out = "{\"gradient\": {\"x\": 6.0061}}";
        String tolerance = "{\"relative\": 1e-3, \"absolute\": 0}";
        assertThat(checkExpression("x^2", in, tolerance).get("correct").asBoolean()).isTrue();
        assertThat(checkExpression("x^2", out, tolerance).get("correct").asBoolean()).isFalse();
        // numpy's defaults (1e-5, 1e-8) when no tolerance is sent
        assertThat(checkExpression("x^2", "{\"gradient\": {\"x\": 6.00005}}", null).get("correct").asBoolean()).isTrue();
        assertThat(checkExpression("x^2", "{\"gradient\": {\"x\": 6.0001}}", null).get("correct").asBoolean()).isFalse();
    }

    @Test
    void wrongShapesNonNumbersAndUnknownItemsAreVerdictsNotErrors() throws Exception {
        JsonNode r = checkExpression("x^2", "{\"gradient\": {\"x\": [6], \"q\": 1}, \"value\": \"nine\", \"nodes\": {\"x\": {\"value\": null}}}", null);
        assertThat(verdicts(r)).containsEntry("gradient.x", "not-a-number").containsEntry("gradient.q", "unknown")
                .containsEntry("value", "not-a-number").containsEntry("nodes.x.value", "missing");
        assertThat(r.get("score").asDouble()).isEqualTo(0.0);
    }

    @Test
    void aTransposedWeightGradientIsAWrongShapeAtW1() throws Exception {
        String network = "\"layers\": [{\"weights\": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], \"activation\": \"sigmoid\"},"
                + " {\"weights\": [[0.7], [0.8]], \"bias\": [0.1], \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\","
                + " \"example\": {\"x\": [1.0, 2.0, 3.0], \"y\": 1}";
        JsonNode answer = body(post("/api/v1/networks/gradient", "{" + network + "}"), 200);
        JsonNode w1 = answer.get("gradients").get("layers").get(0).get("weights");
        ArrayNode transposed = Json.MAPPER.createArrayNode();
        for (int j = 0; j < 2; j++) {
            ArrayNode row = transposed.addArray();
            for (int i = 0; i < 3; i++) {
                row.add(w1.get(i).get(j).asDouble());
            }
        }
        ObjectNode submission = Json.MAPPER.createObjectNode();
        submission.set("loss", answer.get("loss"));
        ArrayNode layers = submission.putArray("layers");
        layers.addObject().set("weights", transposed);
        layers.addObject().set("bias", answer.get("gradients").get("layers").get(1).get("bias"));
        JsonNode r = body(post("/api/v1/networks/check", "{" + network + ", \"submission\": " + Json.write(submission) + "}"), 200);
        assertThat(verdicts(r)).containsEntry("layers[0].weights", "wrong-shape").containsEntry("loss", "correct")
                .containsEntry("layers[1].bias", "correct");
        assertThat(r.get("firstWrongGradient").get("node").asString()).isEqualTo("W1");
        assertThat(r.get("firstWrongGradient").get("message").asString()).contains("W1");
        JsonNode item = null;
        for (JsonNode i : r.get("results")) {
            if (i.get("path").asString().equals("layers[0].weights")) {
                item = i;
            }
        }
        assertThat(item.get("message").asString()).contains("transposed");
    }

    @Test
    void wrongElementsOfAnArrayAreCountedWithTheWorst() throws Exception {
        String network = "\"layers\": [{\"weights\": [[0.1, 0.2], [0.3, 0.4]], \"activation\": \"tanh\"}], \"loss\": \"squared_error\","
                + " \"example\": {\"x\": [1.0, -1.0], \"y\": [0.5, 0.5]}";
        JsonNode answer = body(post("/api/v1/networks/gradient", "{" + network + "}"), 200);
        JsonNode w = answer.get("gradients").get("layers").get(0).get("weights");
        String submission = "{\"layers\": [{\"weights\": [[" + w.get(0).get(0).asDouble() + ", " + (w.get(0).get(1).asDouble() + 1) + "], ["
                + w.get(1).get(0).asDouble() + ", " + (w.get(1).get(1).asDouble() + 0.5) + "]]}]}";
        JsonNode item = body(post("/api/v1/networks/check", "{" + network + ", \"submission\": " + submission + "}"), 200).get("results").get(0);
        assertThat(item.get("verdict").asString()).isEqualTo("wrong");
        assertThat(item.get("wrongElements").asInt()).isEqualTo(2);
        assertThat(item.get("elements").asInt()).isEqualTo(4);
        assertThat(item.get("worst").get("path").asString()).isEqualTo("layers[0].weights[0][1]");
        assertThat(item.get("worst").get("absoluteError").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void anEmptySubmissionOrANegativeToleranceIsABadRequest() throws Exception {
        body(post("/api/v1/expressions/check", "{\"expression\": \"x\", \"bindings\": {\"x\": 1}, \"submission\": {}}"), 400);
        JsonNode p = body(post("/api/v1/expressions/check", "{\"expression\": \"x\", \"bindings\": {\"x\": 1},"
                + " \"submission\": {\"value\": 1}, \"tolerance\": {\"relative\": -1}}"), 400);
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("tolerance.relative");
    }

    @Test
    void verifyChecksEveryVariableOfAnExpression() throws Exception {
        JsonNode r = body(post("/api/v1/expressions/gradient", OpenApiExamples.EXAMPLE_1_VERIFY), 200);
        JsonNode v = r.get("verification");
        assertThat(v.get("checked").asInt()).isEqualTo(2);
        assertThat(v.get("relativeStep").asDouble()).isCloseTo(Math.cbrt(Math.ulp(1.0)), org.assertj.core.data.Offset.offset(1e-20));
        assertThat(v.get("worst").get("relativeError").asDouble()).isLessThan(1e-7);
        assertThat(v.get("checks").get(0).get("where").asString()).isEqualTo("x");
        assertThat(body(post("/api/v1/expressions/gradient", OpenApiExamples.EXAMPLE_1_EXPRESSION), 200).has("verification")).isFalse();
    }

    @Test
    void verifyOnANetworkSamplesUpToTheCapAndAgrees() throws Exception {
        StringBuilder w = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            w.append(i == 0 ? "" : ",").append("[");
            for (int j = 0; j < 8; j++) {
                w.append(j == 0 ? "" : ",").append(Math.sin(i * 8 + j) * 0.5);
            }
            w.append("]");
        }
        w.append("]");
        String body = "{\"weightLayout\": \"out_in\", \"layers\": [{\"weights\": " + w + ", \"bias\": [0,0,0,0,0,0,0,0,0,0], \"activation\": \"tanh\"},"
                + " {\"weights\": [[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0]], \"activation\": \"sigmoid\"}],"
                + " \"loss\": \"binary_cross_entropy\", \"example\": {\"x\": [1,2,3,4,5,6,7,8], \"y\": 1}, \"verify\": true}";
        JsonNode v = body(post("/api/v1/networks/gradient", body), 200).get("verification");
        assertThat(v.get("elements").asLong()).isEqualTo(80 + 10 + 10 + 8);
        assertThat(v.get("checked").asInt()).isEqualTo(50);
        assertThat(v.get("worst").get("absoluteError").asDouble()).isLessThan(1e-7);
        assertThat(v.get("checks").get(0).get("where").asString()).isEqualTo("layers[0].weights[0][0]");
    }

    @Test
    void aBatchAnswersEveryItemInOrderWithItsOwnStatus() throws Exception {
        String good = "{\"path\": \"/api/v1/expressions/check\", \"body\": {\"expression\": \"x^2\", \"bindings\": {\"x\": 3}, \"submission\": {\"gradient\": {\"x\": 6}}}}";
        String wrong = "{\"path\": \"expressions/check\", \"body\": {\"expression\": \"x^2\", \"bindings\": {\"x\": 3}, \"submission\": {\"gradient\": {\"x\": 9}}}}";
        String syntax = "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x +\", \"bindings\": {\"x\": 3}}}";
        String unknownField = "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expresion\": \"x\"}}";
        String noSuchPath = "{\"path\": \"/api/v1/nothing\", \"body\": {}}";
        JsonNode r = body(post("/api/v1/batch", "{\"requests\": [" + String.join(",", good, wrong, syntax, unknownField, noSuchPath) + "]}"), 200);
        JsonNode results = r.get("results");
        assertThat(results).hasSize(5);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).get("body").get("correct").asBoolean()).isTrue();
        assertThat(results.get(1).get("body").get("correct").asBoolean()).isFalse();
        assertThat(results.get(2).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(2).get("body").get("type").asString()).endsWith("/syntax-error");
        assertThat(results.get(2).get("body").get("position").asInt()).isEqualTo(3);
        assertThat(results.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(3).get("body").get("detail").asString()).contains("expresion");
        assertThat(results.get(4).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void theServicesOwnAnswerToAnExpressionWithoutVariablesIsGradedRight() throws Exception {
        JsonNode answer = body(post("/api/v1/expressions/gradient", "{\"expression\": \"2*3\", \"bindings\": {}}"), 200);
        assertThat(answer.get("gradient").isObject()).isTrue();
        assertThat(answer.get("gradient").size()).isZero();
        String submission = "{\"value\": " + answer.get("value").asDouble() + ", \"gradient\": " + Json.write(answer.get("gradient")) + "}";
        JsonNode r = body(post("/api/v1/expressions/check", "{\"expression\": \"2*3\", \"bindings\": {}, \"submission\": " + submission + "}"), 200);
        assertThat(r.get("correct").asBoolean()).isTrue();
        assertThat(r.get("score").asDouble()).isEqualTo(1.0);
        assertThat(verdicts(r)).containsEntry("value", "correct").containsEntry("gradient", "correct");

        // An empty gradient where the answer has one is missing its members, not right and not unknown.
        JsonNode empty = checkExpression("x^2", "{\"gradient\": {}}", null);
        assertThat(empty.get("correct").asBoolean()).isFalse();
        assertThat(empty.get("score").asDouble()).isEqualTo(0.0);
        assertThat(verdicts(empty)).containsEntry("gradient", "missing");
        assertThat(empty.get("results").get(0).get("message").asString()).contains("gradient.x");
    }

    @Test
    void aMalformedBatchItemHasExactlyTheProblemOfTheSameRequestAlone() throws Exception {
        String[] bodies = {
            "{\"expression\": \"x\",\n   \"bindings\": {\"x\": \"2\"}}", // a number as a string, on the body's second line
            "{\"expresion\": \"x\", \"bindings\": {}}", // an unknown field
            "[1, 2]", // not an object
            "{\"expression\": \"x\", \"bindings\": {\"x\": 1}, \"wrt\": \"x\"}"}; // a string where a list is due
        StringBuilder batch = new StringBuilder("{\n  \"requests\": [\n");
        for (String b : bodies) {
            batch.append("    {\"path\": \"/api/v1/expressions/gradient\",\n     \"body\": ").append(b).append("},\n");
        }
        batch.append("    {\"body\": {\"expression\": \"x\"}}\n  ]\n}");
        JsonNode results = body(post("/api/v1/batch", batch.toString()), 200).get("results");
        for (int i = 0; i < bodies.length; i++) {
            MvcResult alone = post("/api/v1/expressions/gradient", bodies[i]);
            JsonNode expected = body(alone, 400);
            assertThat(results.get(i).get("status").asInt()).isEqualTo(400);
            assertThat(results.get(i).get("body")).as("item " + i).isEqualTo(expected);
        }
        JsonNode first = results.get(0).get("body");
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.get("path").asString()).isEqualTo("bindings.x");
        assertThat(first.get("detail").asString()).endsWith("at line 2, column " + first.get("column").asInt());

        JsonNode noPath = results.get(bodies.length);
        assertThat(noPath.get("status").asInt()).isEqualTo(400);
        assertThat(noPath.get("body").get("type").asString()).endsWith("/invalid-request");
        assertThat(noPath.get("body").get("errors").get(0).get("path").asString()).isEqualTo("requests[4].path");
    }

    @Test
    void aBlankBatchPathIsAMissingPath() throws Exception {
        JsonNode item = body(post("/api/v1/batch", "{\"requests\": [{\"path\": \" \", \"body\": {\"expression\": \"x\"}}]}"), 200)
                .get("results").get(0);
        assertThat(item.get("status").asInt()).isEqualTo(400);
        assertThat(item.get("body").get("errors").get(0).get("path").asString()).isEqualTo("requests[0].path");
    }

    @Test
    void aBatchOverTheLimitIs413() throws Exception {
        String item = "{\"path\": \"/api/v1/expressions/gradient\", \"body\": {\"expression\": \"x\", \"bindings\": {\"x\": 1}}}";
        JsonNode p = body(post("/api/v1/batch", "{\"requests\": [" + String.join(",", item, item, item, item, item, item) + "]}"), 413);
        assertThat(p.get("name").asString()).isEqualTo("batchItems");
        assertThat(p.get("limit").asInt()).isEqualTo(5);
    }

    private JsonNode checkExpression(String expression, String submission, String tolerance) throws Exception {
        return body(post("/api/v1/expressions/check", "{\"expression\": \"" + expression + "\", \"bindings\": {\"x\": 3},"
                + " \"submission\": " + submission + (tolerance == null ? "" : ", \"tolerance\": " + tolerance) + "}"), 200);
    }

    private JsonNode check(String program, String submission, String tolerance) throws Exception {
        return body(post("/api/v1/expressions/check", "{\"program\": \"" + program + "\", \"bindings\": {\"x\": 2, \"z\": 3},"
                + " \"submission\": " + submission + (tolerance == null ? "" : ", \"tolerance\": " + tolerance) + "}"), 200);
    }

    private static Map<String, String> verdicts(JsonNode check) {
        Map<String, String> v = new HashMap<>();
        check.get("results").forEach(i -> v.put(i.get("path").asString(), i.get("verdict").asString()));
        return v;
    }

    private MvcResult post(String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return Json.parse(r.getResponse().getContentAsString());
    }
}
