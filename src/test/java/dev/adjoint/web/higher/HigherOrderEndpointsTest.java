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

import static dev.adjoint.web.Json.ok;
import static dev.adjoint.web.Json.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The higher-order endpoints answer as the gradient endpoint does: its errors (problem+json with
 * positions and suggestions), its limits (413 with limit and actual), its warnings; wrong vectors and
 * tangents are named field by field; each endpoint is a batch route.
 */
@SpringBootTest(properties = {"adjoint.higher.max-hessian-variables=3", "adjoint.higher.max-formula-size=40",
        "adjoint.higher.max-formula-characters=3000", "adjoint.limits.max-nodes=400"})
@AutoConfigureMockMvc
class HigherOrderEndpointsTest {

    private static final String BASE = "/api/v1/expressions/";
    private static final String EXAMPLE_1 = "\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}";

    @Autowired
    MockMvc mvc;

    @Test
    void exampleOneHessianIsSymmetricWithTheGradientBesideIt() throws Exception {
        JsonNode h = ok(post("hessian", "{" + EXAMPLE_1 + "}"));
        assertThat(h.get("value").asDouble()).isEqualTo(412.19145728412116);
        assertThat(h.get("gradient").get("x").asDouble()).isCloseTo(1208.3812151266095, within(1e-9));
        assertThat(h.get("variables").toString()).isEqualTo("[\"x\",\"z\"]");
        assertThat(h.get("hessian").get(0).get(1).asDouble()).isEqualTo(h.get("hessian").get(1).get(0).asDouble());
        // d²/dz² of exp(xz) + ... at x = 2, z = 3: x² e^{xz} dominates
        assertThat(h.get("hessian").get(1).get(1).asDouble()).isCloseTo(4 * Math.exp(6), within(1.0));
        assertThat(h.has("hvp")).isFalse();
    }

    @Test
    void aVectorGivesTheProductWithTheHessianAndNoMatrix() throws Exception {
        JsonNode h = ok(post("hessian", "{" + EXAMPLE_1 + "}"));
        JsonNode hv = ok(post("hessian", "{" + EXAMPLE_1 + ", \"vector\": {\"x\": 1, \"z\": -1}}"));
        assertThat(hv.has("hessian")).isFalse();
        double want = h.get("hessian").get(0).get(0).asDouble() - h.get("hessian").get(0).get(1).asDouble();
        assertThat(hv.get("hvp").get("x").asDouble()).isCloseTo(want, within(1e-9 * Math.abs(want)));
    }

    @Test
    void jvpGivesEveryNodesTangent() throws Exception {
        JsonNode j = ok(post("jvp", "{\"program\": \"a = x*z\\ny = a + x\", \"bindings\": {\"x\": 2, \"z\": 3}, \"tangents\": {\"x\": 1, \"z\": 0}}"));
        assertThat(j.get("output").asString()).isEqualTo("y");
        assertThat(j.get("tangent").asDouble()).isEqualTo(4.0);
        assertThat(j.get("nodes").get(2).get("id").asString()).isEqualTo("a");
        assertThat(j.get("nodes").get(2).get("tangent").asDouble()).isEqualTo(3.0);
        assertThat(j.get("nodes").get(2).get("expression").asString()).isEqualTo("x * z");
        assertThat(j.get("nodes").get(0).get("kind").asString()).isEqualTo("input");
        assertThat(j.get("nodes").get(0).has("expression")).isFalse();
    }

    @Test
    void jacobianPicksForwardModeWhenOutputsOutnumberVariables() throws Exception {
        JsonNode j = ok(post("jacobian", "{\"program\": \"a = x^2\\nb = sin(x)\\ny = a + b\", \"bindings\": {\"x\": 0}, \"outputs\": [\"a\", \"b\", \"y\"]}"));
        assertThat(j.get("mode").asString()).isEqualTo("forward");
        assertThat(j.get("jacobian").get("b").get("x").asDouble()).isEqualTo(1.0);
        JsonNode one = ok(post("jacobian", "{\"program\": \"a = x*z\\ny = a + x\", \"bindings\": {\"x\": 2, \"z\": 3}}"));
        assertThat(one.get("mode").asString()).isEqualTo("reverse");
        assertThat(one.get("outputs").toString()).isEqualTo("[\"y\"]");
        assertThat(one.get("jacobian").get("y").get("z").asDouble()).isEqualTo(2.0);
    }

    @Test
    void derivativeFormulasComeAsExpressionProgramAndLatexAndOrderTwoAddsTheSecond() throws Exception {
        JsonNode d = ok(post("derivative", "{\"expression\": \"x^3 * z\", \"bindings\": {\"x\": 2, \"z\": 3}, \"order\": 2}"));
        assertThat(d.get("derivatives").get("x").get("expression").asString()).isEqualTo("3 * x^2 * z");
        assertThat(d.get("derivatives").get("x").get("program").asString()).isEqualTo("g_x = 3 * x^2 * z");
        assertThat(d.get("derivatives").get("x").get("latex").asString()).isEqualTo("3 \\cdot x^{2} \\cdot z");
        assertThat(d.get("second").get("x").get("z").get("expression").asString()).isEqualTo("3 * x^2");
        assertThat(d.get("second").get("x").get("x").get("latex").asString()).isEqualTo("6 \\cdot x \\cdot z");
    }

    @Test
    void aFormulaOverTheConfiguredSizeHasNoOneLineForm() throws Exception {
        JsonNode d = ok(post("derivative", "{\"program\": \"a = sin(x) * x\\nb = sin(a) * a\\nc = sin(b) * b\\nd = sin(c) * c\", \"bindings\": {\"x\": 1}}"));
        JsonNode dx = d.get("derivatives").get("x");
        assertThat(dx.has("expression")).isFalse();
        assertThat(dx.get("program").asString()).contains("\n").endsWith(dx.get("program").asString().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(dx.get("latex").asString()).startsWith("\\begin{aligned}");
    }

    @Test
    void wrongVectorsAreNamedFieldByFieldWithSuggestions() throws Exception {
        JsonNode p = problem(post("hessian", "{" + EXAMPLE_1 + ", \"vector\": {\"xx\": 1}}"), 422);
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("vector.xx");
        assertThat(p.get("errors").get(0).get("suggestion").asString()).isEqualTo("x");
        assertThat(p.get("errors").get(1).get("code").asString()).isEqualTo("missing-entry");
        assertThat(p.get("errors").get(1).get("path").asString()).isEqualTo("vector.x");
        JsonNode t = problem(post("jvp", "{" + EXAMPLE_1 + ", \"wrt\": [\"x\"], \"tangents\": {\"x\": 1, \"z\": 1}}"), 422);
        assertThat(t.get("errors").get(0).get("message").asString()).contains("not in wrt");
        problem(post("jvp", "{" + EXAMPLE_1 + "}"), 400);
        // a list is a tensor now: for a scalar variable it is the wrong shape (422, naming the entry)
        JsonNode shape = problem(post("jvp", "{" + EXAMPLE_1 + ", \"tangents\": {\"x\": [1, 2], \"z\": 0}}"), 422);
        assertThat(shape.get("errors").get(0).get("path").asString()).isEqualTo("tangents.x");
        assertThat(shape.get("errors").get(0).get("code").asString()).isEqualTo("shape-mismatch");
        // rows of different lengths are not a tensor at all (400, naming the row)
        JsonNode ragged = problem(post("jvp", "{" + EXAMPLE_1 + ", \"tangents\": {\"x\": [[1, 2], [3]], \"z\": 0}}"), 400);
        assertThat(ragged.toString()).contains("tangents.x");
        problem(post("jvp", "{" + EXAMPLE_1 + ", \"tangents\": {\"x\": \"one\", \"z\": 0}}"), 400);
    }

    @Test
    void theGradientEndpointsErrorsAndLimitsHoldHere() throws Exception {
        JsonNode syntax = problem(post("derivative", "{\"expression\": \"x +* 2\", \"bindings\": {\"x\": 1}}"), 400);
        assertThat(syntax.get("position").asInt()).isEqualTo(3);
        JsonNode unbound = problem(post("hessian", "{\"expression\": \"x * y\", \"bindings\": {\"x\": 1, \"yy\": 2}}"), 422);
        assertThat(unbound.get("errors").get(0).get("code").asString()).isEqualTo("unbound-variable");
        JsonNode output = problem(post("jacobian", "{\"program\": \"alpha = x\\ny = alpha * 2\", \"bindings\": {\"x\": 1}, \"outputs\": [\"alpah\"]}"), 422);
        assertThat(output.get("errors").get(0).get("suggestion").asString()).isEqualTo("alpha");
        problem(post("derivative", "{" + EXAMPLE_1 + ", \"order\": 3}"), 400);
        problem(post("hessian", "{" + EXAMPLE_1 + ", \"verify\": true}"), 400);
        JsonNode rows = problem(post("hessian", "{\"expression\": \"a*b*c*d\", \"bindings\": {\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1}}"), 413);
        assertThat(rows.get("limit").asInt()).isEqualTo(3);
        assertThat(rows.get("actual").asInt()).isEqualTo(4);
        StringBuilder big = new StringBuilder("x");
        for (int i = 0; i < 60; i++) {
            big.append(" * sin(x + ").append(i).append(")");
        }
        JsonNode nodes = problem(post("hessian", "{\"expression\": \"" + big + "\", \"bindings\": {\"x\": 1}}"), 413);
        assertThat(nodes.get("name").asString()).isEqualTo("nodes");
        JsonNode text = problem(post("derivative", "{\"expression\": \"sin(x*z)*cos(x/z)*exp(z-x)*log(2+x^2)\", "
                + "\"bindings\": {\"x\": 1, \"z\": 2}, \"order\": 2}"), 413);
        assertThat(text.get("name").asString()).isEqualTo("formulaCharacters");
        assertThat(text.get("actual").asLong()).isGreaterThan(3000);
    }

    @Test
    void nonFiniteResultsAreDataWithAWarning() throws Exception {
        JsonNode h = ok(post("hessian", "{\"expression\": \"log(x) * x\", \"bindings\": {\"x\": -1}}"));
        assertThat(h.get("value").asString()).isEqualTo("NaN");
        assertThat(h.get("warnings").get(0).get("node").asString()).isNotEmpty();
        JsonNode j = ok(post("jvp", "{\"expression\": \"sqrt(x)\", \"bindings\": {\"x\": 0}, \"tangents\": {\"x\": 1}}"));
        assertThat(j.get("tangent").asString()).isEqualTo("Infinity");
        assertThat(j.get("warnings").toString()).contains("tangent");
    }

    @Test
    void everyEndpointIsABatchRoute() throws Exception {
        String body = "{\"requests\": ["
                + "{\"path\": \"/api/v1/expressions/hessian\", \"body\": {" + EXAMPLE_1 + "}},"
                + "{\"path\": \"/api/v1/expressions/jvp\", \"body\": {" + EXAMPLE_1 + ", \"tangents\": {\"x\": 1, \"z\": 0}}},"
                + "{\"path\": \"expressions/jacobian\", \"body\": {" + EXAMPLE_1 + "}},"
                + "{\"path\": \"/api/v1/expressions/derivative\", \"body\": {\"expression\": \"x^2\", \"bindings\": {\"x\": 1}}},"
                + "{\"path\": \"/api/v1/expressions/hessian\", \"body\": {" + EXAMPLE_1 + ", \"vector\": {\"x\": 1}}}]}";
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/batch")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode results = Json.parse(r.getResponse().getContentAsString()).get("results");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).get("body").get("hessian").size()).isEqualTo(2);
        JsonNode alone = ok(post("jvp", "{" + EXAMPLE_1 + ", \"tangents\": {\"x\": 1, \"z\": 0}}"));
        assertThat(results.get(1).get("body").get("tangent").asDouble()).isEqualTo(alone.get("tangent").asDouble());
        assertThat(results.get(2).get("body").get("jacobian").get(alone.get("output").asString()).get("x").asDouble())
                .isEqualTo(alone.get("tangent").asDouble());
        assertThat(results.get(3).get("body").get("derivatives").get("x").get("expression").asString()).isEqualTo("2 * x");
        assertThat(results.get(4).get("status").asInt()).isEqualTo(422);
        assertThat(results.get(4).get("body").get("errors").get(0).get("path").asString()).isEqualTo("vector.z");
    }

    @Test
    void swaggerUiOffersExampleOnesHessian() throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs")).andReturn();
        JsonNode docs = Json.parse(r.getResponse().getContentAsString());
        JsonNode hessian = docs.get("paths").get("/api/v1/expressions/hessian").get("post");
        JsonNode example = hessian.get("requestBody").get("content").get("application/json").get("examples").get("Example 1: the Hessian in x, z");
        assertThat(example.get("value").get("expression").asString()).isEqualTo("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)");
        for (String path : new String[] {"jacobian", "jvp", "derivative"}) {
            assertThat(docs.get("paths").has("/api/v1/expressions/" + path)).as(path).isTrue();
        }
    }

    private MvcResult post(String endpoint, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(BASE + endpoint)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }
}
