package dev.adjoint.web.networks;

import dev.adjoint.web.expressions.GraphPictures;
import dev.adjoint.web.Json;
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

/**
 * A network in PyTorch's out_in layout comes back in out_in everywhere: the gradients, the nodes'
 * values and gradients, the backward contributions; and /networks/check takes the request's own
 * numbers as correct, while a genuinely transposed gradient is wrong-shape.
 */
@SpringBootTest
@AutoConfigureMockMvc
class NetworkLayoutTest {

    /** W1 is 2 x 3 (two outputs, three inputs), W2 is 1 x 2: no square matrix, so a transpose shows. */
    private static final String W1 = "[[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]";
    private static final String W2 = "[[0.7, -0.8]]";
    private static final String NETWORK = "\"weightLayout\": \"out_in\", \"layers\": ["
            + "{\"weights\": " + W1 + ", \"bias\": [0.05, -0.05], \"activation\": \"tanh\"},"
            + "{\"weights\": " + W2 + ", \"activation\": \"sigmoid\"}], \"loss\": \"binary_cross_entropy\"";
    private static final String ONE = "{" + NETWORK + ", \"example\": {\"x\": [1.0, 2.0, -1.0], \"y\": 1}}";
    private static final String TWO = "{" + NETWORK + ", \"examples\": [{\"x\": [1.0, 2.0, -1.0], \"y\": 1}, {\"x\": [0.5, -1.5, 2.0], \"y\": 0}]}";

    @Autowired
    MockMvc mvc;

    @Test
    void everyTensorOfTheAnswerIsInTheRequestsLayout() throws Exception {
        for (String request : new String[] {ONE, TWO}) {
            JsonNode r = body(send("/api/v1/networks/gradient", request), 200);
            Map<String, JsonNode> nodes = byId(r.get("nodes"));
            Map<String, JsonNode> backward = byId(r.get("backward"));
            assertThat(nodes.get("W1").get("value")).isEqualTo(Json.parse(W1));
            assertThat(nodes.get("W2").get("value")).isEqualTo(Json.parse(W2));
            String[][] expected = {{"W1", "2", "3"}, {"W2", "1", "2"}};
            for (int i = 0; i < expected.length; i++) {
                String id = expected[i][0];
                int rows = Integer.parseInt(expected[i][1]);
                int cols = Integer.parseInt(expected[i][2]);
                JsonNode g = r.get("gradients").get("layers").get(i).get("weights");
                assertShape(id + " gradient", g, rows, cols);
                assertThat(nodes.get(id).get("gradient")).as(id + " node gradient").isEqualTo(g);
                assertThat(backward.get(id).get("gradient")).as(id + " backward gradient").isEqualTo(g);
                for (JsonNode t : backward.get(id).get("terms")) {
                    assertShape(id + " contribution from " + t.get("consumer"), t.get("contribution"), rows, cols);
                }
            }
        }
    }

    @Test
    void theBackwardFormulasAreTheNotesInOutIn() throws Exception {
        Map<String, JsonNode> one = byId(body(send("/api/v1/networks/gradient", ONE), 200).get("backward"));
        assertThat(one.get("z1").get("terms").get(0).get("vjp").asString()).isEqualTo("W2' @ g_u2");
        assertThat(one.get("W2").get("terms").get(0).get("vjp").asString()).isEqualTo("outer(g_u2, z1)");
        assertThat(one.get("u1").get("terms").get(0).get("vjp").asString()).isEqualTo("g_z1 * (1 - z1^2)");
        assertThat(one.get("u2").get("terms").get(0).get("vjp").asString()).isEqualTo("g_z2 * z2 * (1 - z2)");
        assertThat(one.get("W1").get("terms").get(0).get("jacobianShape")).isEqualTo(Json.parse("[6, 2]"));
        Map<String, JsonNode> two = byId(body(send("/api/v1/networks/gradient", TWO), 200).get("backward"));
        assertThat(two.get("W2").get("terms").get(0).get("vjp").asString()).isEqualTo("g_u2' @ z1");
        assertThat(two.get("z1").get("terms").get(0).get("vjp").asString()).isEqualTo("g_u2 @ W2");
        assertThat(two.get("b1").get("terms").get(0).get("vjp").asString()).isEqualTo("sum(g_u1, 0)");
    }

    @Test
    void checkTakesTheRequestsOwnNumbersAsCorrect() throws Exception {
        for (String request : new String[] {ONE, TWO}) {
            JsonNode r = body(send("/api/v1/networks/gradient", request), 200);
            ObjectNode submission = Json.MAPPER.createObjectNode();
            submission.set("loss", r.get("loss"));
            submission.set("predictions", r.get("predictions"));
            submission.set("layers", r.get("gradients").get("layers"));
            submission.set("x", r.get("gradients").get("x"));
            ObjectNode nodes = submission.putObject("nodes");
            for (JsonNode n : r.get("nodes")) {
                ObjectNode node = nodes.putObject(n.get("id").asString());
                node.set("value", n.get("value"));
                if (n.has("gradient")) {
                    node.set("gradient", n.get("gradient"));
                }
            }
            String check = request.substring(0, request.length() - 1) + ", \"submission\": " + Json.write(submission) + "}";
            JsonNode verdicts = body(send("/api/v1/networks/check", check), 200);
            Map<String, String> v = new HashMap<>();
            verdicts.get("results").forEach(i -> v.put(i.get("path").asString(), i.get("verdict").asString()));
            assertThat(v).containsEntry("layers[0].weights", "correct").containsEntry("nodes.W1.value", "correct")
                    .containsEntry("nodes.W1.gradient", "correct").containsEntry("nodes.u1.gradient", "correct");
            assertThat(v.values()).as(v.toString()).allMatch("correct"::equals);

            ArrayNode transposed = Json.MAPPER.createArrayNode();
            JsonNode g = r.get("gradients").get("layers").get(0).get("weights");
            for (int c = 0; c < g.get(0).size(); c++) {
                ArrayNode row = transposed.addArray();
                for (int k = 0; k < g.size(); k++) {
                    row.add(g.get(k).get(c).asDouble());
                }
            }
            String wrong = request.substring(0, request.length() - 1) + ", \"submission\": {\"layers\": [{\"weights\": "
                    + Json.write(transposed) + "}]}}";
            JsonNode item = body(send("/api/v1/networks/check", wrong), 200).get("results").get(0);
            assertThat(item.get("verdict").asString()).isEqualTo("wrong-shape");
        }
    }

    @Test
    void checkShowsTheFirstWrongNodesDerivationFromTheSameBackward() throws Exception {
        JsonNode answer = byId(body(send("/api/v1/networks/gradient", ONE), 200).get("backward")).get("z1");
        String check = ONE.substring(0, ONE.length() - 1) + ", \"submission\": {\"nodes\": {\"z1\": {\"gradient\": [9, 9]}}}}";
        JsonNode wrong = body(send("/api/v1/networks/check", check), 200).get("firstWrongGradient");
        assertThat(wrong.get("node").asString()).isEqualTo("z1");
        assertThat(wrong.get("derivation").asString()).isEqualTo("g_z1 = " + answer.get("terms").get(0).get("vjp").asString())
                .isEqualTo("g_z1 = W2' @ g_u2");
    }

    /** /networks/check answers the true backward pass too: the very list /networks/gradient answers, in the request's layout. */
    @Test
    void checkAnswersTheSameBackwardAsTheGradient() throws Exception {
        for (String request : new String[] {ONE, TWO}) {
            JsonNode backward = body(send("/api/v1/networks/gradient", request), 200).get("backward");
            String check = request.substring(0, request.length() - 1) + ", \"submission\": {\"nodes\": {\"z1\": {\"gradient\": [9, 9]}}}}";
            JsonNode checked = body(send("/api/v1/networks/check", check), 200);
            assertThat(checked.get("backward")).isEqualTo(backward);
            assertThat(byId(checked.get("backward")).get("z1").get("terms").get(0).get("vjp").asString())
                    .isEqualTo(request == ONE ? "W2' @ g_u2" : "g_u2 @ W2");
            assertShape("W1 in backward", byId(checked.get("backward")).get("W1").get("gradient"), 2, 3);
        }
    }

    @Test
    void theGraphLabelsProductsAsTheLanguagePrintsThem() throws Exception {
        String inOut = ONE.replace("\"out_in\"", "\"in_out\"").replace(W1, "[[0.1, 0.4], [-0.2, 0.5], [0.3, -0.6]]")
                .replace(W2, "[[0.7], [-0.8]]");
        String[][] cases = {{ONE, "m1 = W1 @ x"}, {inOut, "m1 = W1' @ x"}, {TWO, "m1 = x @ W1'"}};
        for (String[] c : cases) {
            MvcResult r = mvc.perform(post("/api/v1/networks/graph").contentType(MediaType.APPLICATION_JSON)
                    .accept(GraphPictures.DOT).content(c[0])).andReturn();
            assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
            assertThat(r.getResponse().getContentAsString()).contains(c[1]).doesNotContain("matmul(");
        }
    }

    private static void assertShape(String what, JsonNode m, int rows, int cols) {
        assertThat(m.size()).as(what + " rows").isEqualTo(rows);
        for (JsonNode row : m) {
            assertThat(row.size()).as(what + " columns").isEqualTo(cols);
        }
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> m = new HashMap<>();
        list.forEach(n -> m.put(n.get("id").asString(), n));
        return m;
    }

    private MvcResult send(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return Json.parse(r.getResponse().getContentAsString());
    }
}
