package dev.adjoint.web.networks;

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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The public network cases (PyTorch float64) through HTTP: loss, predictions, every weight, bias
 * and input gradient, and for single examples every u_i/z_i value and adjoint. Each case is also
 * sent in the out_in layout, where the same numbers must come back transposed.
 */
@SpringBootTest
@AutoConfigureMockMvc
class NetworkConformanceTest {

    @Autowired
    MockMvc mvc;

    static Stream<Named<JsonNode>> cases() {
        return Json.conformance("networks.jsonl").stream().map(c -> Named.of(c.get("id").asString(), c));
    }

    @Test
    void suiteIsPresent() {
        assertThat(Json.conformance("networks.jsonl")).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inOutLayout(JsonNode c) throws Exception {
        JsonNode got = send(request(c, false));
        List<String> mismatches = new ArrayList<>();
        compare("loss", got.get("loss"), c.get("loss_value"), mismatches);
        compare("predictions", got.get("predictions"), c.get("predictions"), mismatches);
        compareGradients(got, c, false, mismatches);
        compare("gradients.x", got.get("gradients").get("x"), c.get("grad").get("x"), mismatches);
        if (c.get("examples").size() == 1) {
            Map<String, JsonNode> nodes = new HashMap<>();
            got.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
            for (Map.Entry<String, JsonNode> f : c.get("forward").properties()) {
                compare("nodes." + f.getKey() + ".value", nodes.get(f.getKey()).get("value"), f.getValue(), mismatches);
            }
            for (Map.Entry<String, JsonNode> b : c.get("backward").properties()) {
                compare("nodes." + b.getKey() + ".gradient", nodes.get(b.getKey()).get("gradient"), b.getValue(), mismatches);
            }
        }
        backwardSumsToGradients(got, mismatches);
        assertThat(mismatches).isEmpty();
    }

    /**
     * The backward list (API.md section 5): an entry for each parameter, input and layer node, whose
     * terms each give a vjp and a jacobianShape and whose contributions add up to the node's gradient,
     * which is the gradient the trace shows.
     */
    private static void backwardSumsToGradients(JsonNode got, List<String> mismatches) {
        Map<String, JsonNode> nodes = new HashMap<>();
        got.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
        JsonNode backward = got.get("backward");
        assertThat(backward).as("backward").isNotNull();
        List<String> ids = new ArrayList<>();
        backward.forEach(b -> ids.add(b.get("id").asString()));
        assertThat(ids).as("backward ids").startsWith("J").contains("x", "W1", "u1");
        for (JsonNode b : backward) {
            String id = b.get("id").asString();
            compare("backward." + id + ".gradient", b.get("gradient"), nodes.get(id).get("gradient"), mismatches);
            JsonNode terms = b.get("terms");
            if (id.equals("J")) {
                continue;
            }
            if (terms.isEmpty()) {
                mismatches.add("backward." + id + " has no terms");
                continue;
            }
            JsonNode sum = null;
            for (JsonNode t : terms) {
                if (t.get("vjp") == null || t.get("vjp").isNull() || t.get("jacobianShape") == null || t.get("jacobianShape").size() != 2) {
                    mismatches.add("backward." + id + " from " + t.get("consumer") + ": no vjp or jacobianShape: " + t);
                }
                sum = sum == null ? t.get("contribution") : add(sum, t.get("contribution"));
            }
            compare("backward." + id + " terms' sum", sum, b.get("gradient"), mismatches);
        }
    }

    private static JsonNode add(JsonNode a, JsonNode b) {
        if (!a.isArray()) {
            return Json.MAPPER.getNodeFactory().numberNode(a.asDouble() + b.asDouble());
        }
        ArrayNode sum = Json.MAPPER.createArrayNode();
        for (int i = 0; i < a.size(); i++) {
            sum.add(add(a.get(i), b.get(i)));
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outInLayoutGivesTheSameNumbersTransposed(JsonNode c) throws Exception {
        JsonNode got = send(request(c, true));
        List<String> mismatches = new ArrayList<>();
        compare("loss", got.get("loss"), c.get("loss_value"), mismatches);
        compareGradients(got, c, true, mismatches);
        backwardSumsToGradients(got, mismatches);
        assertThat(mismatches).isEmpty();
    }

    private static void compareGradients(JsonNode got, JsonNode c, boolean transposed, List<String> mismatches) {
        JsonNode want = c.get("grad").get("layers");
        JsonNode layers = got.get("gradients").get("layers");
        assertThat(layers.size()).isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i).get("weights");
            compare("layers[" + i + "].weights", layers.get(i).get("weights"), transposed ? transpose(w) : w, mismatches);
            if (want.get(i).get("bias").isNull()) {
                if (layers.get(i).has("bias")) {
                    mismatches.add("layers[" + i + "].bias given but the request had none");
                }
            } else {
                compare("layers[" + i + "].bias", layers.get(i).get("bias"), want.get(i).get("bias"), mismatches);
            }
        }
    }

    /** The case as a request: in_out as given, or every weight matrix transposed into out_in. */
    private static ObjectNode request(JsonNode c, boolean outIn) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("weightLayout", outIn ? "out_in" : "in_out");
        ArrayNode layers = r.putArray("layers");
        for (JsonNode l : c.get("layers")) {
            ObjectNode layer = layers.addObject();
            layer.set("weights", outIn ? transpose(l.get("weights")) : l.get("weights"));
            if (!l.get("bias").isNull()) {
                layer.set("bias", l.get("bias"));
            }
            layer.put("activation", l.get("activation").asString());
        }
        r.put("loss", c.get("loss").asString());
        if (c.get("examples").size() == 1) {
            r.set("example", c.get("examples").get(0));
        } else {
            r.set("examples", c.get("examples"));
        }
        return r;
    }

    private static JsonNode transpose(JsonNode m) {
        ArrayNode t = Json.MAPPER.createArrayNode();
        for (int j = 0; j < m.get(0).size(); j++) {
            ArrayNode row = t.addArray();
            for (int i = 0; i < m.size(); i++) {
                row.add(m.get(i).get(j).asDouble());
            }
        }
        return t;
    }

    /** Numbers, or arrays of any depth, element by element with the suite's tolerance. */
    private static void compare(String what, JsonNode got, JsonNode want, List<String> mismatches) {
        if (want.isArray()) {
            if (got == null || !got.isArray() || got.size() != want.size()) {
                mismatches.add(what + ": shape differs: got " + got + ", want " + want);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(what + "[" + i + "]", got.get(i), want.get(i), mismatches);
            }
        } else if (got == null || !got.isNumber() || !Json.close(got.asDouble(), want.asDouble())) {
            mismatches.add(what + ": got " + got + ", want " + want);
        }
    }

    private JsonNode send(ObjectNode body) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/networks/gradient")
                .contentType(MediaType.APPLICATION_JSON).content(Json.write(body))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(result.getResponse().getContentAsString());
    }
}
