package dev.adjoint.web.expressions;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The note's Example 2 as a program on every expression endpoint: the gradient's trace (shapes,
 * vjp forms as the note writes them, Jacobian shapes), grading a submitted tensor, verification by
 * central differences, a picture and a batch item.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TensorEndpointsTest {

    @Autowired
    MockMvc mvc;

    static Map<String, Object> exampleTwo() {
        JsonNode c = Json.conformance("tensor_programs.jsonl").stream()
                .filter(n -> n.get("id").asString().equals("seed-ex2-program")).findFirst().orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("program", c.get("program").asString());
        body.put("bindings", c.get("bindings"));
        return body;
    }

    @Test
    void exampleTwoTraceReadsAsTheNotesVectorChainRule() throws Exception {
        JsonNode r = send("/api/v1/expressions/gradient", exampleTwo());
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        r.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
        assertThat(nodes.get("alpha2").get("shape").toString()).isEqualTo("[4,3]");
        assertThat(nodes.get("u2").get("shape").toString()).isEqualTo("[3]");
        assertThat(nodes.get("u2").get("expression").asString()).isEqualTo("alpha2' @ z1");
        assertThat(r.get("gradient").get("alpha1").size()).isEqualTo(3);
        assertThat(r.get("gradient").get("alpha1").get(0).size()).isEqualTo(4);

        JsonNode z1 = term(r, "z1", "u2");
        assertThat(z1.get("vjp").asString()).isEqualTo("alpha2 @ g_u2");
        assertThat(z1.get("jacobianShape").toString()).isEqualTo("[4,3]");
        assertThat(z1.has("localDerivative")).isFalse();
        JsonNode alpha2 = term(r, "alpha2", "u2");
        assertThat(alpha2.get("vjp").asString()).isEqualTo("outer(z1, g_u2)");
        assertThat(alpha2.get("contribution").size()).isEqualTo(4);
        JsonNode u1 = term(r, "u1", "z1");
        assertThat(u1.get("vjp").asString()).isEqualTo("g_z1 * z1 * (1 - z1)");
        assertThat(u1.get("localDerivative").asString()).isEqualTo("sigmoid(u1) * (1 - sigmoid(u1))");
        assertThat(u1.get("localValue").size()).isEqualTo(4);
    }

    @Test
    void checkGradesATensorElementByElement() throws Exception {
        JsonNode right = send("/api/v1/expressions/gradient", exampleTwo());
        JsonNode z1 = right.get("nodes").valueStream().filter(n -> n.get("id").asString().equals("z1")).findFirst().orElseThrow();
        Map<String, Object> body = exampleTwo();
        List<Double> wrong = new java.util.ArrayList<>();
        z1.get("gradient").forEach(v -> wrong.add(v.asDouble()));
        wrong.set(2, wrong.get(2) + 1);
        body.put("submission", Map.of("nodes", Map.of("z1", Map.of("value", z1.get("value"), "gradient", wrong)),
                "gradient", Map.of("alpha3", right.get("gradient").get("alpha3"))));
        JsonNode r = send("/api/v1/expressions/check", body);
        Map<String, String> verdicts = new LinkedHashMap<>();
        r.get("results").forEach(i -> verdicts.put(i.get("path").asString(), i.get("verdict").asString()));
        assertThat(verdicts).containsEntry("nodes.z1.value", "correct").containsEntry("nodes.z1.gradient", "wrong")
                .containsEntry("gradient.alpha3", "correct");
        assertThat(r.get("correct").asBoolean()).isFalse();
        // z1's gradient is wrong while u2's, which it is made from, is right: z1 is where the mistake is
        assertThat(r.get("firstWrongGradient").get("node").asString()).isEqualTo("z1");
        assertThat(r.get("firstWrongGradient").get("derivation").asString()).isEqualTo("g_z1 = alpha2 @ g_u2");
    }

    @Test
    void verifyProbesElementsOfTensorsByName() throws Exception {
        Map<String, Object> body = exampleTwo();
        body.put("verify", true);
        JsonNode v = send("/api/v1/expressions/gradient", body).get("verification");
        assertThat(v.get("elements").asLong()).isEqualTo(3 + 12 + 12 + 3 + 1);
        assertThat(v.get("checked").asInt()).isEqualTo(31);
        assertThat(v.get("checks").valueStream().map(c -> c.get("where").asString()).toList()).contains("x[0]", "alpha1[2, 3]", "y");
        assertThat(v.get("worst").get("relativeError").asDouble()).isLessThan(1e-6);
    }

    @Test
    void aPictureAndABatchItemTakeTensors() throws Exception {
        MvcResult svg = mvc.perform(post("/api/v1/expressions/graph").contentType(MediaType.APPLICATION_JSON)
                .accept("image/svg+xml").content(Json.write(exampleTwo()))).andReturn();
        assertThat(svg.getResponse().getStatus()).isEqualTo(200);
        assertThat(svg.getResponse().getContentAsString()).contains("<svg").contains("shape [4 x 3]");
        JsonNode batch = send("/api/v1/batch", Map.of("requests", List.of(Map.of("path", "/api/v1/expressions/gradient", "body", exampleTwo()))));
        assertThat(batch.get("results").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(batch.get("results").get(0).get("body").get("gradient").get("x").size()).isEqualTo(3);
    }

    private static JsonNode term(JsonNode r, String node, String consumer) {
        for (JsonNode step : r.get("backward")) {
            if (step.get("id").asString().equals(node)) {
                for (JsonNode t : step.get("terms")) {
                    if (t.get("consumer").asString().equals(consumer)) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no term " + node + " <- " + consumer);
    }

    private JsonNode send(String path, Object body) throws Exception {
        MvcResult result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(Json.write(body))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(result.getResponse().getContentAsString());
    }
}
