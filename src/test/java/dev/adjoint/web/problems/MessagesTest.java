package dev.adjoint.web.problems;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.adjoint.web.Json.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The messages a newcomer meets first: a wrong path, broken JSON, several syntax errors at once. */
@SpringBootTest
@AutoConfigureMockMvc
class MessagesTest {

    private static final String GRADIENT = "/api/v1/expressions/gradient";

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Every POST path the application really serves, read here independently of ApiPaths. */
    private List<String> servedPosts() {
        TreeSet<String> paths = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) {
                info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(paths::add);
            }
        }
        return new ArrayList<>(paths);
    }

    @Test
    void aMistypedPathIs404NamingTheClosestEndpointAndListingAll() throws Exception {
        JsonNode p = problem(mvc.perform(post("/api/v1/expression/gradient").contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn(), 404);
        assertThat(p.get("detail").asString()).startsWith("no endpoint at /api/v1/expression/gradient; did you mean /api/v1/expressions/gradient?")
                .doesNotContain("static resource");
        assertThat(p.get("suggestion").asString()).isEqualTo(GRADIENT);
        List<String> listed = new ArrayList<>();
        p.get("endpoints").forEach(e -> listed.add(e.asString()));
        List<String> served = servedPosts();
        assertThat(served).contains(GRADIENT, "/api/v1/batch", "/api/v1/networks/gradient");
        assertThat(listed).isEqualTo(served);
        for (String path : served) {
            assertThat(p.get("detail").asString()).contains(path);
        }
    }

    @Test
    void aPathNearNothingGetsTheListButNoGuess() throws Exception {
        JsonNode p = problem(mvc.perform(get("/hello")).andReturn(), 404);
        assertThat(p.has("suggestion")).isFalse();
        assertThat(p.get("detail").asString()).startsWith("no endpoint at /hello. The API's endpoints").contains(GRADIENT);
        JsonNode networks = problem(mvc.perform(post("/api/v1/network/check").contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn(), 404);
        assertThat(networks.get("suggestion").asString()).isEqualTo("/api/v1/networks/check");
    }

    /** /error is routed apart from the other 404s (ErrorFallbackController); its 404 carries the same list. */
    @Test
    void theErrorPathIs404ListingTheEndpointsAsEveryOther404() throws Exception {
        for (MvcResult result : List.of(mvc.perform(get("/error")).andReturn(),
                mvc.perform(post("/error").contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn())) {
            JsonNode p = problem(result, 404);
            List<String> listed = new ArrayList<>();
            p.get("endpoints").forEach(e -> listed.add(e.asString()));
            assertThat(listed).contains(GRADIENT).isEqualTo(servedPosts());
            assertThat(p.get("detail").asString()).startsWith("no endpoint at /error").contains(GRADIENT);
        }
    }

    @Test
    void malformedJsonSaysWhatWasExpectedWhereInPlainWords() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": bad}"), 400);
        assertThat(p.get("detail").asString()).isEqualTo("at line 1, column 16: expected a value (a number, a string in double quotes, "
                + "true, false, null, a list or an object), found 'bad'");
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("column").asInt()).isEqualTo(16);

        String single = problem(postJson("{\"expression\": 'x'}"), 400).get("detail").asString();
        assertThat(single).contains("expected a value").contains("strings go in double quotes");

        String missingComma = problem(postJson("{\"expression\": \"x\"\n \"bindings\": {}}"), 400).get("detail").asString();
        assertThat(missingComma).startsWith("at line 2, column").contains("expected ',' between fields or '}' to close the object, found '\"'");

        String unquotedKey = problem(postJson("{expression: \"x\"}"), 400).get("detail").asString();
        assertThat(unquotedKey).contains("expected a field name in double quotes").contains("found 'e'");

        String cutOff = problem(postJson("{\"expression\": \"x\", \"bindings\": {\"x\": 1}"), 400).get("detail").asString();
        assertThat(cutOff).contains("the body ends too soon: expected '}' to close an object");

        String listCutOff = problem(postJson("{\"expression\": \"x\", \"wrt\": [\"x\""), 400).get("detail").asString();
        assertThat(listCutOff).contains("the body ends too soon: expected ']' to close a list");

        String wrongCloser = problem(postJson("{\"expression\": \"x\"]"), 400).get("detail").asString();
        assertThat(wrongCloser).contains("found ']' where '}' should close the object");

        String trailingComma = problem(postJson("{\"expression\": \"x\",}"), 400).get("detail").asString();
        assertThat(trailingComma).contains("expected a field name in double quotes, or '}' to close the object, found '}'");

        String unclosedString = problem(postJson("{\"expression\": \"x"), 400).get("detail").asString();
        assertThat(unclosedString).contains("the body ends inside a string");

        String nan = problem(postJson("{\"expression\": \"x\", \"bindings\": {\"x\": NaN}}"), 400).get("detail").asString();
        assertThat(nan).contains("\"NaN\"").doesNotContain("JsonReadFeature");

        String colon = problem(postJson("{\"expression\" \"x\"}"), 400).get("detail").asString();
        assertThat(colon).contains("expected ':' after the field name");

        for (String body : new String[] {"{\"expression\": bad}", "{\"expression\": \"x\",}", "{\"a\": [1 2]}", "nope", "{\"expression\": \"x",
                "{\"a\": 1}}", "{\"a\": -}", "{\"a\": 01}", "{\"a\": NaN}", "{\"a\": [1,]}"}) {
            String detail = problem(postJson(body), 400).get("detail").asString();
            assertThat(detail).as(body).doesNotContain("code ").doesNotContain("Unexpected").doesNotContain("VALUE_")
                    .doesNotContain("marker").doesNotContain("token '").doesNotContain("Feature");
        }
    }

    @Test
    void severalSyntaxErrorsComeInOneAnswerWithTheFirstOnTop() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x +* 2 + (y\", \"bindings\": {\"x\": 1, \"y\": 2}}"), 400);
        assertThat(p.get("position").asInt()).isEqualTo(3);
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("column").asInt()).isEqualTo(4);
        JsonNode errors = p.get("errors");
        assertThat(errors.size()).isEqualTo(2);
        assertThat(errors.get(0).get("position").asInt()).isEqualTo(3);
        assertThat(errors.get(1).get("position").asInt()).isEqualTo(9);
        assertThat(errors.get(1).get("column").asInt()).isEqualTo(10);
        assertThat(errors.get(1).get("message").asString()).contains("never closed");
        assertThat(p.get("detail").asString()).contains("and 1 more syntax problem");
    }

    @Test
    void studentTypographyGetsAHint() throws Exception {
        JsonNode p = problem(postJson("{\"expression\": \"x \u00d7 y \u2212 x\u00b2\", \"bindings\": {\"x\": 1, \"y\": 2}}"), 400);
        JsonNode errors = p.get("errors");
        assertThat(errors.size()).isEqualTo(3);
        assertThat(errors.get(0).get("message").asString()).contains("use *");
        assertThat(errors.get(1).get("message").asString()).contains("use -");
        assertThat(errors.get(2).get("message").asString()).contains("use ^2");
        assertThat(errors.get(2).get("column").asInt()).isEqualTo(10);
    }

    private MvcResult postJson(String body) throws Exception {
        return mvc.perform(post(GRADIENT).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }
}
