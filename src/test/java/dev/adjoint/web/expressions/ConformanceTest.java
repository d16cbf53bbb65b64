package dev.adjoint.web.expressions;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The public reference answers (PyTorch autograd, float64), unchanged from shared/conformance,
 * posted through the HTTP layer: request mapping, JSON in and out, the controller and the core.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConformanceTest {

    @Autowired
    MockMvc mvc;

    static Stream<Named<JsonNode>> expressions() {
        return Json.conformance("expressions.jsonl").stream().map(c -> Named.of(c.get("id").asString(), c));
    }

    static Stream<Named<JsonNode>> programs() {
        return Json.conformance("programs.jsonl").stream().map(c -> Named.of(c.get("id").asString(), c));
    }

    @Test
    void suiteIsPresentAndComplete() {
        assertThat(Json.conformance("expressions.jsonl")).hasSizeGreaterThanOrEqualTo(100);
        assertThat(Json.conformance("programs.jsonl")).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void expressionCase(JsonNode c) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expression", c.get("expression").asString());
        body.put("bindings", c.get("bindings"));
        JsonNode got = send(body);
        List<String> mismatches = new ArrayList<>();
        compare("value", got.get("value"), c.get("value"), mismatches);
        compareGradient(got, c, mismatches);
        assertThat(mismatches).as(c.get("id").asString() + ": " + c.get("expression").asString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void programCase(JsonNode c) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("program", c.get("program").asString());
        body.put("bindings", c.get("bindings"));
        body.put("output", c.get("output").asString());
        JsonNode got = send(body);
        List<String> mismatches = new ArrayList<>();
        assertThat(got.get("output").asString()).isEqualTo(c.get("output").asString());
        compare("value", got.get("value"), c.get("value"), mismatches);
        compareGradient(got, c, mismatches);
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        got.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
        for (Map.Entry<String, JsonNode> want : c.get("nodes").properties()) {
            JsonNode node = nodes.get(want.getKey());
            if (node == null) {
                mismatches.add("no node " + want.getKey());
                continue;
            }
            compare(want.getKey() + ".value", node.get("value"), want.getValue().get("value"), mismatches);
            compare(want.getKey() + ".gradient", node.get("gradient"), want.getValue().get("gradient"), mismatches);
        }
        assertThat(mismatches).as(c.get("id").asString()).isEmpty();
    }

    private void compareGradient(JsonNode got, JsonNode c, List<String> mismatches) {
        assertThat(got.get("gradient").propertyNames()).containsExactlyInAnyOrderElementsOf(c.get("gradient").propertyNames());
        for (Map.Entry<String, JsonNode> want : c.get("gradient").properties()) {
            compare("gradient." + want.getKey(), got.get("gradient").get(want.getKey()), want.getValue(), mismatches);
        }
    }

    private static void compare(String what, JsonNode got, JsonNode want, List<String> mismatches) {
        if (got == null || !got.isNumber()) {
            mismatches.add(what + ": got " + got + ", want " + want);
        } else if (!Json.close(got.asDouble(), want.asDouble())) {
            mismatches.add(what + ": got " + got.asDouble() + ", want " + want.asDouble());
        }
    }

    private JsonNode send(Map<String, Object> body) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/expressions/gradient")
                        .contentType(MediaType.APPLICATION_JSON).content(Json.write(body)))
                .andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(result.getResponse().getContentAsString());
    }
}
