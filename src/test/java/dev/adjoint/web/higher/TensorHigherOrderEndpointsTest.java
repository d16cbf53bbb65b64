package dev.adjoint.web.higher;

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

import static dev.adjoint.web.Json.ok;
import static dev.adjoint.web.Json.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * API.md section 6 for tensor programs over HTTP, each answer worked by hand in the test:
 * Jacobians of a product and an outer product (blocks [elements of output, elements of variable],
 * reverse or forward by the smaller side), Hessians with rows named {@code x[1]} and {@code A[1,0]},
 * an HVP in the variable's shape, a JVP with tensor tangents, derivative formulas of the note's
 * Example 2 as a program (each sent back and evaluated through /jvp, at the bindings and at a second
 * point, equals /gradient's answer there), and the 4xx answers for wrong shapes and for second
 * derivatives of tensor variables.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TensorHigherOrderEndpointsTest {

    private static final String BASE = "/api/v1/expressions/";
    private static final double[][] A = {{1, 2, 3}, {4, 5, 6}};
    private static final double[] V = {1, -1, 2};

    @Autowired
    MockMvc mvc;

    @Test
    void jacobianOfAMatrixVectorProductIsTheMatrixAndASparseBlock() throws Exception {
        JsonNode j = ok(post("jacobian", "{\"expression\": \"A @ v\", \"bindings\": {\"A\": [[1, 2, 3], [4, 5, 6]], \"v\": [1, -1, 2]}}"));
        assertThat(j.get("variables").toString()).isEqualTo("[\"A\",\"v\"]");
        assertThat(j.get("mode").asString()).isEqualTo("reverse"); // 2 output elements, 9 variable elements
        JsonNode out = j.get("jacobian").get(j.get("outputs").get(0).asString());
        JsonNode dv = out.get("v");
        JsonNode dA = out.get("A");
        assertThat(dv.size()).isEqualTo(2);
        assertThat(dA.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(dv.get(i).size()).isEqualTo(3);
            assertThat(dA.get(i).size()).isEqualTo(6);
            for (int k = 0; k < 3; k++) {
                assertThat(dv.get(i).get(k).asDouble()).isEqualTo(A[i][k]);
            }
            for (int e = 0; e < 6; e++) { // d (Av)_i / d A[r, c] = [r == i] v_c
                assertThat(dA.get(i).get(e).asDouble()).isEqualTo(e / 3 == i ? V[e % 3] : 0.0);
            }
        }
    }

    @Test
    void jacobianOfAnOuterProductGoesForwardWhenTheVariableIsSmaller() throws Exception {
        JsonNode j = ok(post("jacobian", "{\"program\": \"P = outer(u, u)\", \"bindings\": {\"u\": [2, 3]}}"));
        assertThat(j.get("mode").asString()).isEqualTo("forward"); // 4 output elements, 2 variable elements
        JsonNode du = j.get("jacobian").get("P").get("u");
        double[] u = {2, 3};
        for (int e = 0; e < 4; e++) {
            int r = e / 2;
            int c = e % 2;
            for (int k = 0; k < 2; k++) { // d u_r u_c / d u_k
                double want = (r == k ? u[c] : 0) + (c == k ? u[r] : 0);
                assertThat(du.get(e).get(k).asDouble()).isEqualTo(want);
            }
        }
    }

    @Test
    void jacobianOfNamedTensorAndScalarNodesOfAProgram() throws Exception {
        JsonNode j = ok(post("jacobian", "{\"program\": \"u = A @ v\\ny = sum(u * u)\", \"bindings\": {\"A\": [[1, 2, 3], [4, 5, 6]],"
                + " \"v\": [1, -1, 2]}, \"wrt\": [\"v\"], \"outputs\": [\"u\", \"y\"]}"));
        double[] u = {1 - 2 + 6, 4 - 5 + 12};
        JsonNode dy = j.get("jacobian").get("y").get("v");
        assertThat(dy.size()).as("a scalar output over a vector is one row").isEqualTo(1);
        for (int k = 0; k < 3; k++) { // d sum(u²) / d v_k = 2 Σ_i u_i A[i][k]
            assertThat(dy.get(0).get(k).asDouble()).isEqualTo(2 * (u[0] * A[0][k] + u[1] * A[1][k]));
        }
        assertThat(j.get("jacobian").get("u").get("v").get(1).get(2).asDouble()).isEqualTo(A[1][2]);
    }

    @Test
    void hessianRowsAreNamedElementByElementRowMajor() throws Exception {
        JsonNode h = ok(post("hessian", "{\"expression\": \"sum(x^3) + sum(A * A)\", \"bindings\": {\"x\": [1, -2, 0.5],"
                + " \"A\": [[1, 2], [3, 4]]}}"));
        assertThat(h.get("variables").toString()).isEqualTo("[\"x[0]\",\"x[1]\",\"x[2]\",\"A[0,0]\",\"A[0,1]\",\"A[1,0]\",\"A[1,1]\"]");
        double[] x = {1, -2, 0.5};
        JsonNode m = h.get("hessian");
        for (int i = 0; i < 7; i++) {
            for (int k = 0; k < 7; k++) {
                double want = i != k ? 0 : i < 3 ? 6 * x[i] : 2;
                assertThat(m.get(i).get(k).asDouble()).as("H[%d][%d]", i, k).isEqualTo(want);
            }
        }
        assertThat(h.get("gradient").get("x").get(1).asDouble()).isEqualTo(3 * 4.0);
        assertThat(h.get("gradient").get("A").get(1).get(0).asDouble()).isEqualTo(6.0);
    }

    @Test
    void hvpOfAQuadraticFormIsTheSymmetrizedMatrixTimesTheVector() throws Exception {
        // x' B x has Hessian B + B'
        double[][] b = {{1, 2}, {0, 3}};
        double[] w = {1, -1};
        JsonNode hv = ok(post("hessian", "{\"expression\": \"x @ (B @ x)\", \"bindings\": {\"x\": [0.5, 2], \"B\": [[1, 2], [0, 3]]},"
                + " \"wrt\": [\"x\"], \"vector\": {\"x\": [1, -1]}}"));
        assertThat(hv.has("hessian")).isFalse();
        for (int i = 0; i < 2; i++) {
            double want = 0;
            for (int k = 0; k < 2; k++) {
                want += (b[i][k] + b[k][i]) * w[k];
            }
            assertThat(hv.get("hvp").get("x").get(i).asDouble()).isCloseTo(want, within(1e-12));
        }
    }

    @Test
    void jvpCarriesTensorTangentsThroughEveryNode() throws Exception {
        JsonNode j = ok(post("jvp", "{\"program\": \"u = A @ v\\ny = sum(u)\", \"bindings\": {\"A\": [[1, 2, 3], [4, 5, 6]], \"v\": [1, -1, 2]},"
                + " \"tangents\": {\"A\": [[0, 0, 0], [0, 0, 0]], \"v\": [1, 0, 0]}}"));
        // along v_0: du = A[:, 0], dy = A[0][0] + A[1][0]
        assertThat(j.get("tangent").asDouble()).isEqualTo(A[0][0] + A[1][0]);
        JsonNode u = null;
        for (JsonNode n : j.get("nodes")) {
            if (n.get("id").asString().equals("u")) {
                u = n;
            }
        }
        assertThat(u).isNotNull();
        assertThat(u.get("tangent").get(0).asDouble()).isEqualTo(A[0][0]);
        assertThat(u.get("tangent").get(1).asDouble()).isEqualTo(A[1][0]);
        assertThat(u.get("value").get(1).asDouble()).isEqualTo(4 - 5 + 12);
    }

    @Test
    void aTensorOutputHasATensorTangent() throws Exception {
        JsonNode j = ok(post("jvp", "{\"expression\": \"v * v\", \"bindings\": {\"v\": [1, -1, 2]}, \"tangents\": {\"v\": [1, 1, 1]}}"));
        for (int k = 0; k < 3; k++) {
            assertThat(j.get("tangent").get(k).asDouble()).isEqualTo(2 * V[k]);
        }
    }

    @Test
    void wrongShapesAndTensorFormulasAreNamed() throws Exception {
        JsonNode shape = problem(post("hessian", "{\"expression\": \"sum(v * v)\", \"bindings\": {\"v\": [1, 2]}, \"vector\": {\"v\": [1, 2, 3]}}"), 422);
        assertThat(shape.get("errors").get(0).get("path").asString()).isEqualTo("vector.v");
        assertThat(shape.get("errors").get(0).get("message").asString()).contains("[3]").contains("[2]");
        JsonNode ragged = problem(post("jvp", "{\"expression\": \"sum(A)\", \"bindings\": {\"A\": [[1, 2], [3, 4]]}, \"tangents\": {\"A\": [[1, 2], [3]]}}"), 400);
        assertThat(ragged.toString()).contains("tangents.A");
        JsonNode second = problem(post("derivative", "{\"expression\": \"sum(v * v)\", \"bindings\": {\"v\": [1, 2]}, \"order\": 2}"), 422);
        assertThat(second.get("errors").get(0).get("message").asString()).contains("v [2]").contains("rank 3 or 4").contains("/expressions/hessian");
        assertThat(second.get("errors").get(0).get("path").asString()).isEqualTo("order");
        JsonNode notOne = problem(post("hessian", "{\"expression\": \"v * v\", \"bindings\": {\"v\": [1, 2]}}"), 422);
        assertThat(notOne.toString()).contains("jacobian");
    }

    @Test
    void formulaOfASumOfSquaresIsTwiceTheVector() throws Exception {
        JsonNode d = ok(post("derivative", "{\"expression\": \"sum(v * v)\", \"bindings\": {\"v\": [1, 2]}}"));
        assertThat(d.get("derivatives").get("v").get("expression").asString()).isEqualTo("2 * v");
        assertThat(d.get("derivatives").get("v").get("program").asString()).isEqualTo("g_v = 2 * v");
    }

    @Test
    void exampleTwosFormulasSentBackGiveTheGradientAtTheBindingsAndAtASecondPoint() throws Exception {
        JsonNode request = Json.parse(OpenApiExamples.EXAMPLE_2_PROGRAM);
        JsonNode d = ok(post("derivative", OpenApiExamples.EXAMPLE_2_PROGRAM)).get("derivatives");
        assertThat(d.propertyNames()).containsExactlyInAnyOrder("x", "alpha1", "alpha2", "alpha3", "y");
        assertThat(d.get("alpha3").get("program").asString()).contains("g_alpha3 = outer(z2, ").doesNotContain("spread").doesNotContain("reduce_to");
        tools.jackson.databind.node.ObjectNode bindings = (tools.jackson.databind.node.ObjectNode) request.get("bindings");
        tools.jackson.databind.node.ObjectNode moved = bindings.deepCopy();
        for (String name : moved.propertyNames()) {
            moved.set(name, shifted(moved.get(name)));
        }
        int compared = 0;
        for (tools.jackson.databind.node.ObjectNode at : java.util.List.of(bindings, moved)) {
            tools.jackson.databind.node.ObjectNode gradientRequest = ((tools.jackson.databind.node.ObjectNode) request).deepCopy();
            gradientRequest.set("bindings", at);
            JsonNode gradient = ok(post("gradient", Json.write(gradientRequest))).get("gradient");
            for (String variable : d.propertyNames()) {
                for (String form : java.util.List.of("program", "expression")) {
                    tools.jackson.databind.node.ObjectNode back = Json.MAPPER.createObjectNode();
                    back.put(form, d.get(variable).get(form).asString());
                    back.set("bindings", at);
                    tools.jackson.databind.node.ObjectNode tangents = back.putObject("tangents");
                    for (String name : at.propertyNames()) {
                        tangents.set(name, zeros(at.get(name)));
                    }
                    JsonNode value = ok(post("jvp", Json.write(back))).get("value");
                    assertThat(flat(value)).as(variable + " from its " + form + " " + d.get(variable).get(form).asString())
                            .usingElementComparator((a, b) -> Math.abs(a - b) <= 1e-10 + 1e-8 * Math.abs(b) ? 0 : 1)
                            .containsExactlyElementsOf(flat(gradient.get(variable)));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 5 * 2);
    }

    @Test
    void everySwaggerExampleOfTheHigherOrderEndpointsIsAnswered() throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs")).andReturn();
        JsonNode paths = Json.parse(r.getResponse().getContentAsString()).get("paths");
        int posted = 0;
        for (String endpoint : java.util.List.of("jacobian", "hessian", "jvp", "derivative")) {
            JsonNode examples = paths.get("/api/v1/expressions/" + endpoint).get("post").get("requestBody").get("content")
                    .get("application/json").get("examples");
            for (String name : examples.propertyNames()) {
                JsonNode answer = ok(post(endpoint, Json.write(examples.get(name).get("value"))));
                if (name.startsWith("Tensors: a layer")) {
                    assertThat(answer.get("derivatives").get("W").get("expression").asString()).startsWith("outer(");
                    assertThat(answer.get("second").propertyNames()).containsExactly("s");
                    assertThat(answer.get("second").get("s").get("W").get("expression").asString()).startsWith("outer(");
                }
                posted++;
            }
        }
        assertThat(posted).isGreaterThanOrEqualTo(9);
    }

    /** Each number of a binding moved: 0.9 x + 0.05. */
    private static JsonNode shifted(JsonNode n) {
        if (n.isNumber()) {
            return Json.MAPPER.getNodeFactory().numberNode(0.9 * n.asDouble() + 0.05);
        }
        tools.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
        n.forEach(e -> out.add(shifted(e)));
        return out;
    }

    private static JsonNode zeros(JsonNode n) {
        if (n.isNumber()) {
            return Json.MAPPER.getNodeFactory().numberNode(0.0);
        }
        tools.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
        n.forEach(e -> out.add(zeros(e)));
        return out;
    }

    private static java.util.List<Double> flat(JsonNode n) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        if (n.isNumber()) {
            out.add(n.asDouble());
        } else {
            n.forEach(e -> out.addAll(flat(e)));
        }
        return out;
    }

    @Test
    void anUnreadableBindingIsA400NamingItOnEveryHigherOrderEndpoint() throws Exception {
        // Found by the fuzzer: an empty list reached the cost estimate (which read its shape) before validation named it.
        for (String endpoint : new String[] {"jacobian", "hessian", "jvp", "derivative"}) {
            String tangents = endpoint.equals("jvp") ? ", \"tangents\": {\"v\": [1, 0]}" : "";
            JsonNode p = problem(post(endpoint, "{\"program\": \"u = sigmoid(W @ v)\\ny = sum(u)\", \"bindings\": {\"W\": [], \"v\": [1, 2]}" + tangents + "}"), 400);
            assertThat(p.toString()).as(endpoint).contains("bindings.W");
        }
    }

    private MvcResult post(String endpoint, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(BASE + endpoint)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }
}
