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
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * tensor_programs.jsonl (PyTorch autograd, float64; API.md section 5), unchanged from
 * shared/conformance, through the HTTP layer: the value, every variable's gradient, every named
 * node's value, gradient and shape; every node's backward terms add up to its gradient; and every
 * printed {@code vjp}, sent back as an expression with the nodes' values and {@code g_<consumer>}
 * bound, gives the term's contribution.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TensorConformanceTest {

    @Autowired
    MockMvc mvc;

    static Stream<Named<JsonNode>> cases() {
        return Json.conformance("tensor_programs.jsonl").stream().map(c -> Named.of(c.get("id").asString(), c));
    }

    @Test
    void suiteIsPresentWithTheNotesExampleTwo() {
        List<JsonNode> cases = Json.conformance("tensor_programs.jsonl");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases).anyMatch(c -> c.get("id").asString().equals("seed-ex2-program"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tensorProgramCase(JsonNode c) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("program", c.get("program").asString());
        body.put("bindings", c.get("bindings"));
        body.put("output", c.get("output").asString());
        JsonNode got = send(body);
        List<String> mismatches = new ArrayList<>();
        assertThat(got.get("output").asString()).isEqualTo(c.get("output").asString());
        compare("value", got.get("value"), c.get("value"), mismatches);
        assertThat(got.get("gradient").propertyNames()).containsExactlyInAnyOrderElementsOf(c.get("gradient").propertyNames());
        for (Map.Entry<String, JsonNode> want : c.get("gradient").properties()) {
            compare("gradient." + want.getKey(), got.get("gradient").get(want.getKey()), want.getValue(), mismatches);
        }
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        got.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
        for (Map.Entry<String, JsonNode> want : c.get("nodes").properties()) {
            JsonNode node = nodes.get(want.getKey());
            if (node == null) {
                mismatches.add("no node " + want.getKey());
                continue;
            }
            assertThat(shapeOf(node.get("shape"))).as(want.getKey() + ".shape").isEqualTo(shapeOf(want.getValue().get("shape")));
            compare(want.getKey() + ".value", node.get("value"), want.getValue().get("value"), mismatches);
            compare(want.getKey() + ".gradient", node.get("gradient"), want.getValue().get("gradient"), mismatches);
        }
        assertThat(mismatches).as(c.get("id").asString()).isEmpty();
        assertTermsSumToGradients(got);
        assertPrintedVjpsGiveTheContributions(c, got);
    }

    /** Every node's gradient is the sum of its terms' contributions, element by element. */
    private static void assertTermsSumToGradients(JsonNode got) {
        int checked = 0;
        for (JsonNode step : got.get("backward")) {
            double[] gradient = flatten(step.get("gradient"));
            if (step.get("terms").isEmpty()) {
                continue;
            }
            double[] sum = new double[gradient.length];
            for (JsonNode term : step.get("terms")) {
                double[] c = flatten(term.get("contribution"));
                assertThat(c.length).as(step.get("id").asString() + " <- " + term.get("consumer").asString()).isEqualTo(gradient.length);
                for (int k = 0; k < c.length; k++) {
                    sum[k] += c[k];
                }
            }
            for (int k = 0; k < sum.length; k++) {
                assertThat(Json.close(sum[k], gradient[k])).as("terms of " + step.get("id").asString() + " at " + k
                        + ": " + sum[k] + " vs " + gradient[k]).isTrue();
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /**
     * Each tensor term's vjp is valid in the language: bound to the nodes' values and the
     * consumer's gradient, {@code sum((vjp) * w)} for a random w equals Σ contribution · w.
     */
    private void assertPrintedVjpsGiveTheContributions(JsonNode c, JsonNode got) throws Exception {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, JsonNode> gradients = new LinkedHashMap<>();
        for (JsonNode n : got.get("nodes")) {
            if (!n.get("kind").asString().equals("constant")) {
                values.put(n.get("id").asString(), n.get("value"));
            }
            if (n.has("gradient")) {
                gradients.put(n.get("id").asString(), n.get("gradient"));
            }
        }
        Random random = new Random(c.get("id").asString().hashCode());
        int checked = 0;
        for (JsonNode step : got.get("backward")) {
            for (JsonNode term : step.get("terms")) {
                if (!term.has("vjp")) {
                    continue;
                }
                String vjp = term.get("vjp").asString();
                assertThat(term.get("jacobianShape")).as(vjp).hasSize(2);
                JsonNode contribution = term.get("contribution");
                double[] want = flatten(contribution);
                double[] w = new double[want.length];
                double expected = 0;
                double scale = 0;
                for (int k = 0; k < w.length; k++) {
                    w[k] = random.nextDouble() - 0.5;
                    expected += want[k] * w[k];
                    scale += Math.abs(want[k] * w[k]);
                }
                Map<String, Object> bindings = new LinkedHashMap<>(values);
                String consumer = term.get("consumer").asString();
                bindings.put("g_" + consumer, gradients.get(consumer));
                bindings.put("w_check", shaped(w, contribution));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("expression", "sum((" + vjp + ") * w_check)");
                body.put("bindings", bindings);
                body.put("wrt", List.of());
                JsonNode answer = send(body);
                double value = answer.get("value").asDouble();
                assertThat(Math.abs(value - expected)).as(c.get("id").asString() + ": " + step.get("id").asString() + " <- " + consumer
                        + ": " + vjp + " gives " + value + ", contribution " + expected).isLessThanOrEqualTo(1e-9 * (1 + scale));
                checked++;
            }
        }
        assertThat(checked).as("tensor terms with a vjp").isPositive();
    }

    private static Object shaped(double[] w, JsonNode like) {
        if (like.isNumber()) {
            return w[0];
        }
        if (like.get(0).isNumber()) {
            return w;
        }
        int cols = like.get(0).size();
        double[][] rows = new double[like.size()][cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(w, r * cols, rows[r], 0, cols);
        }
        return rows;
    }

    private static List<Integer> shapeOf(JsonNode shape) {
        List<Integer> s = new ArrayList<>();
        shape.forEach(d -> s.add(d.asInt()));
        return s;
    }

    private static double[] flatten(JsonNode n) {
        List<Double> out = new ArrayList<>();
        flattenInto(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(e -> flattenInto(e, out));
        } else if (n.isString()) {
            out.add(Double.parseDouble(n.asString().replace("Infinity", "Infinity")));
        } else {
            out.add(n.asDouble());
        }
    }

    /** Tensors compared element by element, shape included: a scalar matches a one-element list. */
    private static void compare(String what, JsonNode got, JsonNode want, List<String> mismatches) {
        if (got == null) {
            mismatches.add(what + ": missing, want " + want);
            return;
        }
        double[] g = flatten(got);
        double[] w = flatten(want);
        if (g.length != w.length || (got.isArray() != want.isArray() && !(w.length == 1 && g.length == 1))) {
            mismatches.add(what + ": got " + got + ", want " + want);
            return;
        }
        if (got.isArray() && want.isArray() && got.get(0).isArray() != want.get(0).isArray()) {
            mismatches.add(what + ": got " + got + ", want " + want + " (rank differs)");
            return;
        }
        for (int k = 0; k < g.length; k++) {
            if (!Json.close(g[k], w[k])) {
                mismatches.add(what + "[" + k + "]: got " + g[k] + ", want " + w[k]);
            }
        }
    }

    private JsonNode send(Map<String, Object> body) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/expressions/gradient")
                        .contentType(MediaType.APPLICATION_JSON).content(Json.write(body)))
                .andReturn();
        assertThat(result.getResponse().getStatus()).as(Json.write(body) + " -> " + result.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(result.getResponse().getContentAsString());
    }
}
