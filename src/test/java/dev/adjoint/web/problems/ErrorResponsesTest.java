package dev.adjoint.web.problems;

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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Every error class of API.md section 4: its status, problem type, and the field a client acts on. */
@SpringBootTest(properties = {"adjoint.limits.max-body-bytes=100000", "adjoint.limits.max-nodes=1000"})
@AutoConfigureMockMvc
class ErrorResponsesTest {

    private static final String GRADIENT = "/api/v1/expressions/gradient";

    @Autowired
    MockMvc mvc;

    @Test
    void syntaxErrorGivesPositionLineColumnAndToken() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x +* 2\", \"bindings\": {\"x\": 1}}"), 400, "syntax-error");
        assertThat(p.get("position").asInt()).isEqualTo(3);
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("column").asInt()).isEqualTo(4);
        assertThat(p.get("token").asString()).isEqualTo("*");
    }

    @Test
    void syntaxErrorInAProgramGivesItsLine() throws Exception {
        JsonNode p = problem(postJson("{\"program\": \"a = x\\nb = (a\", \"bindings\": {\"x\": 1}}"), 400, "syntax-error");
        assertThat(p.get("line").asInt()).isEqualTo(2);
        assertThat(p.get("column").asInt()).isEqualTo(5);
        assertThat(p.get("detail").asString()).contains("never closed");
    }

    @Test
    void unknownFunctionIs422WithASuggestion() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"sni(x)\", \"bindings\": {\"x\": 1}}"), 422, "not-computable");
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("code").asString()).isEqualTo("unknown-function");
        assertThat(error.get("suggestion").asString()).isEqualTo("sin");
        assertThat(error.get("position").asInt()).isEqualTo(0);
    }

    @Test
    void unboundVariableIsNamed() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x * y\", \"bindings\": {\"x\": 1}}"), 422, "not-computable");
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("code").asString()).isEqualTo("unbound-variable");
        assertThat(error.get("name").asString()).isEqualTo("y");
        assertThat(error.get("position").asInt()).isEqualTo(4);
    }

    @Test
    void wrongArityIsReported() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"sin(x, x)\", \"bindings\": {\"x\": 1}}"), 422, "not-computable");
        assertThat(p.get("errors").get(0).get("code").asString()).isEqualTo("arity");
        assertThat(p.get("errors").get(0).get("message").asString()).contains("takes 1 argument, got 2");
    }

    @Test
    void programAssigningTwiceUsingEarlyAndMissingOutputListsEveryProblem() throws Exception {
        String body = "{\"program\": \"a = x\\nb = c\\nc = 2\\na = 3\", \"bindings\": {\"x\": 1}, \"output\": \"q\"}";
        JsonNode errors = problem(postJson(body), 422, "not-computable").get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("code").asString()).isEqualTo("used-before-assignment");
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(errors.get(1).get("code").asString()).isEqualTo("assigned-twice");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(4);
        assertThat(errors.get(2).get("code").asString()).isEqualTo("unknown-output");
        assertThat(errors.get(2).get("path").asString()).isEqualTo("output");
    }

    @Test
    void unknownWrtNameIsReportedWithItsPath() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\", \"bindings\": {\"x\": 1}, \"wrt\": [\"x\", \"q\"]}"), 422, "not-computable");
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("wrt[1]");
    }

    @Test
    void bothExpressionAndProgramIsAConflict() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\", \"program\": \"a = x\", \"bindings\": {\"x\": 1}}"), 400, "invalid-request");
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("program");
    }

    @Test
    void neitherExpressionNorProgramIsMissingField() throws Exception {
        JsonNode p = problem(postJson("{\"bindings\": {\"x\": 1}}"), 400, "invalid-request");
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("expression");
    }

    @Test
    void nullBindingIsNamed() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\", \"bindings\": {\"x\": null}}"), 400, "invalid-request");
        assertThat(p.get("errors").get(0).get("path").asString()).isEqualTo("bindings.x");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\",\n \"bindings\": {\"x\": 1"), 400, "malformed-body");
        assertThat(p.get("line").asInt()).isEqualTo(2);
    }

    @Test
    void wrongTypeNamesTheFieldInJsonTermsNotJavaOnes() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\", \"bindings\": {\"x\": \"two\"}}"), 400, "malformed-body");
        assertThat(p.get("path").asString()).isEqualTo("bindings.x");
        assertThat(p.get("detail").asString()).startsWith("bindings.x should be a number");
        for (String body : new String[] {"{\"expression\": \"x\", \"bindings\": [1, 2]}", "[1]", "{\"expression\": \"x\", \"bindings\": {\"x\": true}}",
                "{\"expression\": \"x\"} {\"expression\": \"y\"}"}) {
            String detail = problem(postJson(body), 400, "malformed-body").get("detail").asString();
            assertThat(detail).as(body).doesNotContain("java.").doesNotContain("dev.adjoint").doesNotContain("`");
        }
    }

    @Test
    void ambiguousJsonIsRejectedNotGuessed() throws Exception {
        String[] bodies = {
            "{\"expression\": \"x\", \"expression\": \"y\", \"bindings\": {\"x\": 1, \"y\": 2}}", // a key twice
            "{\"expression\": \"x\", \"bindings\": {\"x\": \"2\"}}",                                 // a number as a string
            "{\"expression\": 5, \"bindings\": {}}",                                                   // a number as text
        };
        for (String body : bodies) {
            problem(postJson(body), 400, "malformed-body");
        }
        MvcResult nan = postJson("{\"expression\": \"x\", \"bindings\": {\"x\": \"NaN\"}}");
        assertThat(nan.getResponse().getStatus()).isEqualTo(200); // non-finite numbers are written as strings, and read back
        assertThat(Json.parse(nan.getResponse().getContentAsString()).get("value").asString()).isEqualTo("NaN");
    }

    @Test
    void unknownFieldIsReportedNotIgnored() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x\", \"bindigs\": {\"x\": 1}}"), 400, "malformed-body");
        assertThat(p.get("detail").asString()).contains("unknown field 'bindigs'");
    }

    @Test
    void bodyOverTheLimitIs413WithLimitAndActual() throws Exception {
        String big = "{\"expression\": \"" + "x + ".repeat(30_000) + "x\", \"bindings\": {\"x\": 1}}";
        JsonNode p = problem(postJson(big), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("bodyBytes");
        assertThat(p.get("limit").asLong()).isEqualTo(100_000);
        assertThat(p.get("actual").asLong()).isGreaterThan(100_000);
    }

    @Test
    void graphOverTheNodeLimitIs413() throws Exception {
        StringBuilder e = new StringBuilder("x");
        for (int i = 0; i < 1200; i++) {
            e.append(" * ").append(i + 2);
        }
        JsonNode p = problem(postJson("{\"expression\": \"" + e + "\", \"bindings\": {\"x\": 1}}"), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("nodes");
        assertThat(p.get("limit").asLong()).isEqualTo(1000);
    }

    @Test
    void deepNestingIs413NotAStackOverflow() throws Exception {
        String deep = "(".repeat(20_000) + "x" + ")".repeat(20_000);
        JsonNode p = problem(postJson("{\"expression\": \"" + deep + "\", \"bindings\": {\"x\": 1}}"), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("depth");
        assertThat(p.get("actual").asLong()).isEqualTo(20_000);
    }

    @Test
    void springsOwnFailuresAreProblemsToo() throws Exception {
        MvcResult notFound = mvc.perform(get("/api/v1/nothing-here")).andReturn();
        assertThat(notFound.getResponse().getStatus()).isEqualTo(404);
        assertThat(notFound.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

        MvcResult wrongMethod = mvc.perform(get(GRADIENT)).andReturn();
        assertThat(wrongMethod.getResponse().getStatus()).isEqualTo(405);
        assertThat(wrongMethod.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

        MvcResult wrongType = mvc.perform(post(GRADIENT).contentType(MediaType.TEXT_PLAIN).content("x")).andReturn();
        assertThat(wrongType.getResponse().getStatus()).isEqualTo(415);
        assertThat(wrongType.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    /** The framework's "Content-Type '...' is not supported." and "Request method 'GET' is not supported" say what to do instead. */
    @Test
    void wrongContentTypeAndMethodSayWhatToSend() throws Exception {
        // what curl -d '{...}' sends without -H 'Content-Type: application/json'
        JsonNode form = Json.parse(mvc.perform(post(GRADIENT).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("{\"expression\": \"x\"}"))
                .andReturn().getResponse().getContentAsString());
        assertThat(form.get("status").asInt()).isEqualTo(415);
        assertThat(form.get("detail").asString()).isEqualTo("the body was sent as Content-Type application/x-www-form-urlencoded "
                + "(what curl -d sends without -H); send the body as JSON with the header Content-Type: application/json");
        JsonNode none = Json.parse(mvc.perform(post(GRADIENT).content("{}")).andReturn().getResponse().getContentAsString());
        assertThat(none.get("status").asInt()).isEqualTo(415);
        assertThat(none.get("detail").asString()).startsWith("the request has no Content-Type; send the body as JSON with the header Content-Type: application/json");

        MvcResult get = mvc.perform(get(GRADIENT)).andReturn();
        JsonNode method = Json.parse(get.getResponse().getContentAsString());
        assertThat(method.get("status").asInt()).isEqualTo(405);
        assertThat(method.get("detail").asString()).isEqualTo("this path takes POST, not GET; send the request body as JSON with POST");
        assertThat(get.getResponse().getHeader("Allow")).isEqualTo("POST");
    }

    private MvcResult postJson(String body) throws Exception {
        return mvc.perform(post(GRADIENT).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private static JsonNode problem(MvcResult result, int status, String type) throws Exception {
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode p = Json.parse(body);
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/" + type);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).isNotBlank();
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        return p;
    }
}
