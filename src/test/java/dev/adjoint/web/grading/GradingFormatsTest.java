package dev.adjoint.web.grading;

import dev.adjoint.web.Json;
import dev.adjoint.web.platform.OpenApiExamples;
import dev.adjoint.web.Schemas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Formula answers, likely mistakes and the Gradescope / PrairieLearn result shapes, through HTTP. */
@SpringBootTest
@AutoConfigureMockMvc
class GradingFormatsTest {

    private static final String EXAMPLE_1 = "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f";
    // The note's Example 1 at x = 2, z = 3, by hand
    private static final double A = 6, B = Math.log(2), G_C = 1 / A;
    private static final double G_B = -A / (B * B) + G_C * Math.cos(B);

    @Autowired
    MockMvc mvc;

    @Test
    void formulaAnswersGetTheirVerdictsPointsAndCounterexamples() throws Exception {
        JsonNode r = body(post("/api/v1/expressions/check", OpenApiExamples.CHECK_FORMULAS), 200);
        Map<String, JsonNode> items = items(r);
        JsonNode b = items.get("nodes.b.gradient");
        assertThat(b.get("verdict").asString()).isEqualTo("equivalent");
        assertThat(b.get("expected").asDouble()).isCloseTo(G_B, within(1e-12));
        assertThat(b.get("formula").get("pointsChecked").asInt()).isEqualTo(9);
        assertThat(b.get("formula").get("pointsAgreed").asInt()).isEqualTo(9);
        assertThat(items.get("nodes.a.gradient").get("verdict").asString()).isEqualTo("equivalent");
        JsonNode c = items.get("nodes.c.gradient"); // "1/6": g_c = 1/a, and a is 6 only at the bindings
        assertThat(c.get("verdict").asString()).isEqualTo("not-equivalent");
        assertThat(c.get("formula").get("pointsChecked").asInt()).isEqualTo(9);
        assertThat(c.get("formula").get("pointsAgreed").asInt()).isEqualTo(1);
        JsonNode at = c.get("formula").get("counterexample");
        double x = at.get("bindings").get("x").asDouble();
        double z = at.get("bindings").get("z").asDouble();
        assertThat(x).isBetween(1.0, 3.0);
        assertThat(z).isBetween(1.5, 4.5);
        assertThat(at.get("expected").asDouble()).isCloseTo(1 / (x * z), within(1e-12));
        assertThat(at.get("submitted").asDouble()).isEqualTo(1.0 / 6);
        JsonNode f = items.get("nodes.f.gradient");
        assertThat(f.get("verdict").asString()).isEqualTo("not-a-formula");
        assertThat(f.get("formula").get("error").get("position").asInt()).isEqualTo(3);
        assertThat(f.get("formula").get("error").get("line").asInt()).isEqualTo(1);
        assertThat(f.get("formula").get("error").get("column").asInt()).isEqualTo(4);
        assertThat(r.get("matched").asInt()).isEqualTo(2);
        assertThat(r.get("score").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theReadmesFormulaExample() throws Exception {
        JsonNode r = check("{\"gradient\": {\"z\": \"x*exp(x*z) + x/log(x) - sin(log(x))/(x*z^2)\"},"
                + " \"nodes\": {\"b\": {\"gradient\": \"-a/b^2 + cos(b)/a\"}, \"c\": {\"gradient\": \"1/6\"}}}", "");
        Map<String, JsonNode> items = items(r);
        assertThat(items.get("gradient.z").get("verdict").asString()).isEqualTo("equivalent");
        assertThat(items.get("nodes.b.gradient").get("verdict").asString()).isEqualTo("equivalent");
        assertThat(items.get("nodes.c.gradient").get("verdict").asString()).isEqualTo("not-equivalent");
        assertThat(items.get("nodes.c.gradient").get("formula").get("valueAtBindings").asDouble()).isEqualTo(1.0 / 6);
    }

    @Test
    void theNotesSlipIsDiagnosedAsTheLocalDerivativeFromE() throws Exception {
        double slip = A / (B * B) + G_C * Math.cos(B);
        JsonNode r = check("{\"nodes\": {\"b\": {\"gradient\": " + slip + "}, \"e\": {\"gradient\": 1}}}", "");
        JsonNode item = items(r).get("nodes.b.gradient");
        assertThat(item.get("verdict").asString()).isEqualTo("wrong");
        JsonNode m = item.get("likelyMistake");
        assertThat(m.get("kind").asString()).isEqualTo("local-derivative-wrong");
        assertThat(m.get("consumer").asString()).isEqualTo("e");
        assertThat(m.get("factor").asDouble()).isEqualTo(-1.0);
        assertThat(m.get("explanation").asString()).contains("sign flipped");
        assertThat(r.get("firstWrongGradient").get("likelyMistake").get("kind").asString()).isEqualTo("local-derivative-wrong");
        assertThat(items(r).get("nodes.e.gradient").has("likelyMistake")).isFalse();
    }

    @Test
    void gradescopeResultsFollowTheDocumentedSchemaWithPointsPerItem() throws Exception {
        MvcResult result = post("/api/v1/expressions/check", OpenApiExamples.CHECK_GRADESCOPE);
        JsonNode r = body(result, 200);
        assertThat(Schemas.violations(Schemas.GRADESCOPE, result.getResponse().getContentAsString())).isEmpty();
        // gradient.x (a formula, 2 points) and gradient.z (2) right; nodes.b.gradient (1) has the note's slip
        assertThat(r.get("score").asDouble()).isEqualTo(4.0);
        assertThat(r.get("extra_data").get("maxScore").asDouble()).isEqualTo(5.0);
        Map<String, JsonNode> tests = new HashMap<>();
        r.get("tests").forEach(t -> tests.put(t.get("name").asString(), t));
        assertThat(tests.get("gradient.x").get("status").asString()).isEqualTo("passed");
        assertThat(tests.get("gradient.x").get("max_score").asDouble()).isEqualTo(2.0);
        assertThat(tests.get("gradient.x").get("output").asString()).startsWith("equivalent: agrees at 9 of 9 points");
        assertThat(tests.get("nodes.b.gradient").get("status").asString()).isEqualTo("failed");
        assertThat(tests.get("nodes.b.gradient").get("score").asDouble()).isZero();
        assertThat(tests.get("nodes.b.gradient").get("output").asString()).contains("local-derivative-wrong").contains("term from e");
        assertThat(r.get("output").asString()).startsWith("2 of 3 items right, 4 of 5 points.").contains("g_b = g_e");
    }

    @Test
    void aPointedItemNotSubmittedCountsAgainstTheTotalAndAStrayKeyCostsNothing() throws Exception {
        String body = "{\"expression\": \"x^2 * y\", \"bindings\": {\"x\": 3, \"y\": 2}, \"format\": \"gradescope\","
                + " \"points\": {\"gradient.y\": 3}, \"submission\": {\"gradient\": {\"x\": 12, \"w\": 1}}}";
        MvcResult result = post("/api/v1/expressions/check", body);
        JsonNode r = body(result, 200);
        assertThat(Schemas.violations(Schemas.GRADESCOPE, result.getResponse().getContentAsString())).isEmpty();
        assertThat(r.get("score").asDouble()).isEqualTo(1.0);
        assertThat(r.get("extra_data").get("maxScore").asDouble()).isEqualTo(4.0);
        assertThat(r.get("tests").size()).isEqualTo(3);
        JsonNode stray = r.get("tests").get(1);
        assertThat(stray.get("name").asString()).isEqualTo("gradient.w");
        assertThat(stray.get("max_score").asDouble()).isZero();
        JsonNode missing = r.get("tests").get(2);
        assertThat(missing.get("name").asString()).isEqualTo("gradient.y");
        assertThat(missing.get("status").asString()).isEqualTo("failed");
        assertThat(missing.get("max_score").asDouble()).isEqualTo(3.0);
    }

    @Test
    void prairieLearnResultsFollowTheDocumentedSchema() throws Exception {
        MvcResult result = post("/api/v1/expressions/check", OpenApiExamples.CHECK_PRAIRIELEARN);
        JsonNode r = body(result, 200);
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, result.getResponse().getContentAsString())).isEmpty();
        assertThat(r.get("gradable").asBoolean()).isTrue();
        assertThat(r.get("score").asDouble()).isEqualTo(1.0);
        assertThat(r.get("feedback").get("gradient.x").asString()).startsWith("equivalent");
        assertThat(r.get("partial_scores").get("gradient.x").get("score").asDouble()).isEqualTo(1.0);

        String partly = "{\"expression\": \"x^2 * y\", \"bindings\": {\"x\": 3, \"y\": 2}, \"format\": \"prairielearn\","
                + " \"points\": {\"gradient.x\": 3}, \"submission\": {\"gradient\": {\"x\": \"2*x*y\", \"y\": 8}}}";
        MvcResult second = post("/api/v1/expressions/check", partly);
        JsonNode p = body(second, 200);
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, second.getResponse().getContentAsString())).isEmpty();
        assertThat(p.get("score").asDouble()).isEqualTo(0.75);
        assertThat(p.get("tests").get(1).get("points").asDouble()).isZero();
        assertThat(p.get("tests").get(1).get("max_points").asDouble()).isEqualTo(1.0);
    }

    @Test
    void anAnswerThatIsNotAFormulaIsNotGradableOnPrairieLearn() throws Exception {
        String body = "{\"expression\": \"x^2\", \"bindings\": {\"x\": 3}, \"format\": \"prairielearn\","
                + " \"submission\": {\"gradient\": {\"x\": \"2*x)\"}}}";
        MvcResult result = post("/api/v1/expressions/check", body);
        JsonNode r = body(result, 200);
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, result.getResponse().getContentAsString())).isEmpty();
        assertThat(r.get("gradable").asBoolean()).isFalse();
        assertThat(r.get("format_errors").get(0).asString()).contains("gradient.x").contains("column 4");
    }

    @Test
    void networkChecksAndBatchItemsTakeTheFormatsToo() throws Exception {
        MvcResult network = post("/api/v1/networks/check", OpenApiExamples.NETWORK_CHECK_GRADESCOPE);
        JsonNode n = body(network, 200);
        assertThat(Schemas.violations(Schemas.GRADESCOPE, network.getResponse().getContentAsString())).isEmpty();
        assertThat(n.get("extra_data").get("maxScore").asDouble()).isEqualTo(4.0);
        assertThat(n.get("tests").get(0).get("name").asString()).isEqualTo("loss");
        assertThat(n.get("tests").get(0).get("status").asString()).isEqualTo("passed");

        String batch = "{\"requests\": [{\"path\": \"/api/v1/expressions/check\", \"body\": " + OpenApiExamples.CHECK_PRAIRIELEARN + "},"
                + " {\"path\": \"/api/v1/networks/check\", \"body\": " + OpenApiExamples.NETWORK_CHECK_GRADESCOPE + "},"
                + " {\"path\": \"/api/v1/expressions/instances\", \"body\": " + OpenApiExamples.INSTANCE + "},"
                + " {\"path\": \"/api/v1/expressions/check\", \"body\": {\"expression\": \"x\", \"bindings\": {\"x\": 1},"
                + " \"submission\": {\"value\": 1}, \"format\": \"canvas\"}}]}";
        JsonNode results = body(post("/api/v1/batch", batch), 200).get("results");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, Json.write(results.get(0).get("body")))).isEmpty();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, Json.write(results.get(1).get("body")))).isEmpty();
        assertThat(results.get(2).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(2).get("body").get("generator").asString()).isEqualTo("adjoint-instance-v1");
        assertThat(results.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(3).get("body").get("errors").get(0).get("path").asString()).isEqualTo("format");
    }

    @Test
    void badFormatsAndPointsAreProblems() throws Exception {
        String base = "{\"expression\": \"x^2\", \"bindings\": {\"x\": 3}, \"submission\": {\"gradient\": {\"x\": 6}}";
        MvcResult unknown = post("/api/v1/expressions/check", base + ", \"format\": \"moodle\"}");
        assertThat(unknown.getResponse().getContentType()).isEqualTo("application/problem+json");
        JsonNode p = body(unknown, 400);
        assertThat(p.get("type").asString()).endsWith("/invalid-request");
        assertThat(p.get("detail").asString()).contains("gradescope").contains("prairielearn");
        JsonNode typo = body(post("/api/v1/expressions/check", base + ", \"format\": \"gradescope\", \"points\": {\"gradient.q\": 1}}"), 400);
        assertThat(typo.get("errors").get(0).get("path").asString()).isEqualTo("points.gradient.q");
        JsonNode negative = body(post("/api/v1/expressions/check", base + ", \"format\": \"gradescope\", \"points\": {\"gradient.x\": -1}}"), 400);
        assertThat(negative.get("errors").get(0).get("message").asString()).contains(">= 0");
    }

    @Test
    void theSchemasRejectWhatThePlatformsWouldNot() {
        assertThat(Schemas.violations(Schemas.GRADESCOPE, "{\"score\": 1, \"tests\": [{\"name\": \"a\", \"status\": \"ok\"}]}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, "{\"tests\": [{\"name\": \"a\", \"max_score\": 1}]}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, "{\"score\": 1, \"maxScore\": 2}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.GRADESCOPE, "{\"tests\": [{\"name\": \"a\", \"score\": 1, \"max_score\": 1}]}")).isEmpty();
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, "{\"score\": 1.5}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, "{\"gradable\": true}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, "{\"gradable\": false}")).isNotEmpty();
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, "{\"gradable\": false, \"format_errors\": [\"x\"]}")).isEmpty();
        assertThat(Schemas.violations(Schemas.PRAIRIELEARN, "{\"score\": 0.5, \"tests\": [{\"name\": \"t\", \"points\": \"1\"}]}")).isNotEmpty();
    }

    @Test
    void swaggerUiOffersAnExampleOfEachAndTheResultShapes() throws Exception {
        JsonNode docs = Json.parse(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs"))
                .andReturn().getResponse().getContentAsString());
        JsonNode paths = docs.get("paths");
        JsonNode check = paths.get("/api/v1/expressions/check").get("post");
        assertThat(check.get("requestBody").get("content").get("application/json").get("examples").propertyNames())
                .contains("Formula answers", "Gradescope results.json", "PrairieLearn results", "The note's sign slip");
        assertThat(check.get("responses").get("200").toString()).contains("GradescopeResults").contains("PrairieLearnResults").contains("CheckResponse");
        assertThat(paths.get("/api/v1/networks/check").get("post").get("requestBody").get("content").get("application/json")
                .get("examples").propertyNames()).contains("Gradescope results.json");
        JsonNode instances = paths.get("/api/v1/expressions/instances").get("post");
        assertThat(instances.get("requestBody").get("content").get("application/json").get("examples").propertyNames())
                .contains("Example 1, one instance per student");
        assertThat(docs.get("components").get("schemas").get("InstanceRequest").get("properties").propertyNames())
                .contains("seed", "ranges", "bindings");
    }

    private JsonNode check(String submission, String extra) throws Exception {
        return body(post("/api/v1/expressions/check", "{\"program\": \"" + EXAMPLE_1 + "\", \"bindings\": {\"x\": 2, \"z\": 3},"
                + " \"submission\": " + submission + extra + "}"), 200);
    }

    private static Map<String, JsonNode> items(JsonNode check) {
        Map<String, JsonNode> v = new HashMap<>();
        check.get("results").forEach(i -> v.put(i.get("path").asString(), i));
        return v;
    }

    private MvcResult post(String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return Json.parse(r.getResponse().getContentAsString());
    }
}
