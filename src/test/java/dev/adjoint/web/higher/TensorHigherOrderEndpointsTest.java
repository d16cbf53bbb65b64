package dev.adjoint.web.higher;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * API.md section 6 for tensor programs over HTTP, each answer worked by hand in the test:
 * Jacobians of a product and an outer product (blocks [elements of output, elements of variable],
 * reverse or forward by the smaller side), Hessians with rows named {@code x[1]} and {@code A[1,0]},
 * an HVP in the variable's shape, a JVP with tensor tangents, and the 4xx answers for wrong shapes
 * and for formulas of tensor programs.
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
        JsonNode formula = problem(post("derivative", "{\"expression\": \"sum(v * v)\", \"bindings\": {\"v\": [1, 2]}}"), 422);
        assertThat(formula.get("errors").get(0).get("message").asString()).contains("variable v").contains("[2]").contains("/jacobian");
        JsonNode notOne = problem(post("hessian", "{\"expression\": \"v * v\", \"bindings\": {\"v\": [1, 2]}}"), 422);
        assertThat(notOne.toString()).contains("jacobian");
    }

    private MvcResult post(String endpoint, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(BASE + endpoint)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode ok(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return Json.parse(r.getResponse().getContentAsString());
    }

    private static JsonNode problem(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json");
        return Json.parse(r.getResponse().getContentAsString());
    }
}
