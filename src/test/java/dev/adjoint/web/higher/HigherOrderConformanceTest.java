package dev.adjoint.web.higher;

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
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * higher.jsonl (PyTorch float64 Hessians, HVPs, JVPs, Jacobians and gradients) through HTTP: each
 * case's body posted unchanged to its endpoint; each derivative formula posted back to
 * /expressions/gradient, as an expression and as a program, at the case's points, where its value
 * must be PyTorch's gradient. Agreement: |got - want| <= 1e-10 + 1e-8 |want|.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HigherOrderConformanceTest {

    @Autowired
    MockMvc mvc;

    static Stream<Named<JsonNode>> cases() {
        return Json.conformance("higher.jsonl").stream().map(c -> Named.of(c.get("id").asString(), c));
    }

    @Test
    void suiteIsPresentWithEveryKind() {
        List<JsonNode> all = Json.conformance("higher.jsonl");
        assertThat(all).hasSize(60);
        assertThat(all.stream().map(c -> c.get("kind").asString()).distinct())
                .containsExactlyInAnyOrder("hessian", "hvp", "jvp", "jacobian", "derivative");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void higherOrderCase(JsonNode c) throws Exception {
        JsonNode body = c.get("body");
        JsonNode want = c.get("expected");
        List<String> mismatches = new ArrayList<>();
        switch (c.get("kind").asString()) {
            case "hessian" -> {
                JsonNode got = send("/api/v1/expressions/hessian", body);
                List<String> variables = new ArrayList<>();
                got.get("variables").forEach(v -> variables.add(v.asString()));
                List<String> wantVariables = new ArrayList<>();
                want.get("variables").forEach(v -> wantVariables.add(v.asString()));
                assertThat(variables).isEqualTo(wantVariables);
                assertThat(got.has("hvp")).isFalse();
                for (int i = 0; i < variables.size(); i++) {
                    for (int j = 0; j < variables.size(); j++) {
                        compare("hessian[" + i + "][" + j + "]", got.get("hessian").get(i).get(j), want.get("hessian").get(i).get(j), mismatches);
                    }
                }
            }
            case "hvp" -> {
                JsonNode got = send("/api/v1/expressions/hessian", body);
                assertThat(got.has("hessian")).isFalse();
                assertThat(got.get("hvp").propertyNames()).containsExactlyElementsOf(want.get("hvp").propertyNames());
                for (Map.Entry<String, JsonNode> e : want.get("hvp").properties()) {
                    compare("hvp." + e.getKey(), got.get("hvp").get(e.getKey()), e.getValue(), mismatches);
                }
            }
            case "jvp" -> {
                JsonNode got = send("/api/v1/expressions/jvp", body);
                compare("value", got.get("value"), want.get("value"), mismatches);
                compare("tangent", got.get("tangent"), want.get("tangent"), mismatches);
            }
            case "jacobian" -> {
                JsonNode got = send("/api/v1/expressions/jacobian", body);
                for (Map.Entry<String, JsonNode> row : want.get("jacobian").properties()) {
                    for (Map.Entry<String, JsonNode> e : row.getValue().properties()) {
                        JsonNode g = got.get("jacobian").path(row.getKey()).get(e.getKey());
                        compare("jacobian." + row.getKey() + "." + e.getKey(), g, e.getValue(), mismatches);
                    }
                }
            }
            case "derivative" -> {
                JsonNode got = send("/api/v1/expressions/derivative", body);
                for (JsonNode point : want.get("points")) {
                    for (Map.Entry<String, JsonNode> e : point.get("gradient").properties()) {
                        JsonNode formula = got.get("derivatives").get(e.getKey());
                        assertThat(formula.get("expression")).as("a small formula has its one-line form").isNotNull();
                        compare("d/d" + e.getKey() + " = " + formula.get("expression").asString(),
                                valueOf("expression", formula.get("expression").asString(), point.get("bindings")), e.getValue(), mismatches);
                        compare("d/d" + e.getKey() + " as a program", valueOf("program", formula.get("program").asString(), point.get("bindings")),
                                e.getValue(), mismatches);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown kind " + c.get("kind"));
        }
        assertThat(mismatches).as(c.get("id").asString() + ": " + body).isEmpty();
    }

    /** The formula sent back to the gradient endpoint with the point's bindings: its value. */
    private JsonNode valueOf(String form, String text, JsonNode bindings) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(form, text);
        request.put("bindings", bindings);
        return send("/api/v1/expressions/gradient", Json.MAPPER.valueToTree(request)).get("value");
    }

    private static void compare(String what, JsonNode got, JsonNode want, List<String> mismatches) {
        if (got == null || !got.isNumber()) {
            mismatches.add(what + ": got " + got + ", want " + want);
        } else if (!(Math.abs(got.asDouble() - want.asDouble()) <= 1e-10 + 1e-8 * Math.abs(want.asDouble()))) {
            mismatches.add(what + ": got " + got.asDouble() + ", want " + want.asDouble());
        }
    }

    private JsonNode send(String path, JsonNode body) throws Exception {
        MvcResult result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(Json.write(body))).andReturn();
        assertThat(result.getResponse().getStatus()).as(path + " " + body + " -> " + result.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(result.getResponse().getContentAsString());
    }
}
