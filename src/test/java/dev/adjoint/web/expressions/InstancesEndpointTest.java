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

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/expressions/instances: pinned draws, the finiteness rule and every way to get a range wrong. */
@SpringBootTest(properties = "adjoint.limits.max-bindings=3")
@AutoConfigureMockMvc
class InstancesEndpointTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aSeedGetsTheValuesTheDocumentedGeneratorGives() throws Exception {
        // pinned by an independent implementation of the generator (see InstancesTest)
        String body = "{\"expression\": \"x^2 + z\", \"seed\": \"alice\","
                + " \"ranges\": {\"x\": {\"min\": 1, \"max\": 3, \"step\": 0.5}, \"z\": {\"min\": -2, \"max\": 2}}}";
        JsonNode r = body(post(body), 200);
        assertThat(r.get("seed").asString()).isEqualTo("alice");
        assertThat(r.get("generator").asString()).isEqualTo("adjoint-instance-v1");
        assertThat(r.get("attempt").asInt()).isZero();
        assertThat(r.get("bindings").get("x").asDouble()).isEqualTo(1.5);
        assertThat(r.get("bindings").get("z").asDouble()).isEqualTo(-0.2866455476546852);
        assertThat(r.get("value").asDouble()).isEqualTo(2.25 + -0.2866455476546852);
        assertThat(r.get("gradient").get("x").asDouble()).isEqualTo(3.0);
        assertThat(r.get("gradient").get("z").asDouble()).isEqualTo(1.0);
        assertThat(body(post(body), 200)).isEqualTo(r);
        String bob = body.replace("alice", "bob");
        assertThat(body(post(bob), 200).get("bindings").get("x").asDouble()).isEqualTo(2.5);
    }

    @Test
    void fixedBindingsAndAProgramTemplate() throws Exception {
        String body = "{\"program\": \"b = log(x)\\ny = w * b\", \"bindings\": {\"w\": 2}, \"seed\": \"frank\","
                + " \"ranges\": {\"x\": {\"min\": -1, \"max\": 1, \"step\": 1}}}";
        JsonNode r = body(post(body), 200);
        assertThat(r.get("attempt").asInt()).isEqualTo(4); // -1, -1, 0, -1 give log of <= 0
        assertThat(r.get("bindings").get("x").asDouble()).isEqualTo(1.0);
        assertThat(r.get("bindings").get("w").asDouble()).isEqualTo(2.0);
        assertThat(r.get("gradient").get("x").asDouble()).isEqualTo(2.0);
    }

    @Test
    void noFinitePointIsA422() throws Exception {
        MvcResult result = post("{\"expression\": \"log(x)\", \"seed\": \"s1\", \"ranges\": {\"x\": {\"min\": -3, \"max\": -1}}}");
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        JsonNode p = body(result, 422);
        assertThat(p.get("type").asString()).endsWith("/not-computable");
        assertThat(p.get("errors").get(0).get("code").asString()).isEqualTo("no-finite-instance");
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("ranges");
        assertThat(p.get("detail").asString()).contains("100 attempts");
    }

    @Test
    void badRangesAreNamedProblems() throws Exception {
        JsonNode inverted = body(post("{\"expression\": \"x\", \"seed\": \"s\", \"ranges\": {\"x\": {\"min\": 3, \"max\": 1}}}"), 400);
        assertThat(inverted.get("errors").get(0).get("path").asString()).isEqualTo("ranges.x");
        JsonNode zeroStep = body(post("{\"expression\": \"x\", \"seed\": \"s\", \"ranges\": {\"x\": {\"min\": 1, \"max\": 3, \"step\": 0}}}"), 400);
        assertThat(zeroStep.get("errors").get(0).get("path").asString()).isEqualTo("ranges.x.step");
        JsonNode noMax = body(post("{\"expression\": \"x\", \"seed\": \"s\", \"ranges\": {\"x\": {\"min\": 1}}}"), 400);
        assertThat(noMax.get("errors").get(0).get("message").asString()).contains("min and max");
        JsonNode noSeed = body(post("{\"expression\": \"x\", \"ranges\": {\"x\": {\"min\": 1, \"max\": 2}}}"), 400);
        assertThat(noSeed.get("errors").get(0).get("path").asString()).isEqualTo("seed");
        JsonNode noRanges = body(post("{\"expression\": \"x\", \"seed\": \"s\"}"), 400);
        assertThat(noRanges.get("errors").get(0).get("path").asString()).isEqualTo("ranges");
        JsonNode twice = body(post("{\"expression\": \"x\", \"seed\": \"s\", \"bindings\": {\"x\": 1}, \"ranges\": {\"x\": {\"min\": 1, \"max\": 2}}}"), 400);
        assertThat(twice.get("errors").get(0).get("message").asString()).contains("both bindings and ranges");
        JsonNode unbound = body(post("{\"expression\": \"x * q\", \"seed\": \"s\", \"ranges\": {\"x\": {\"min\": 1, \"max\": 2}}}"), 422);
        assertThat(unbound.get("errors").get(0).get("name").asString()).isEqualTo("q");
        JsonNode fine = body(post("{\"expression\": \"x\", \"seed\": \"s\", \"ranges\": {\"x\": {\"min\": 0, \"max\": 1, \"step\": 1e-12}}}"), 413);
        assertThat(fine.get("name").asString()).isEqualTo("rangePoints");
        assertThat(fine.get("limit").asLong()).isEqualTo(1_000_000_000L);
        JsonNode many = body(post("{\"expression\": \"a\", \"seed\": \"s\", \"ranges\": {\"a\": {\"min\": 0, \"max\": 1}, \"b\": {\"min\": 0, \"max\": 1},"
                + " \"c\": {\"min\": 0, \"max\": 1}, \"d\": {\"min\": 0, \"max\": 1}}}"), 413);
        assertThat(many.get("name").asString()).isEqualTo("bindings");
    }

    private MvcResult post(String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/expressions/instances")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return Json.parse(r.getResponse().getContentAsString());
    }
}
