package dev.adjoint.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The schemas of the served OpenAPI document are true of what the service sends: every request
 * example of Swagger UI is a valid request by its schema, and the answer to it validates against
 * the operation's 200 schema; problems validate against {@code Problem}. Validation is strict (JSON
 * Schema 2020-12, which OpenAPI 3.1's schemas are, with {@code additionalProperties: false} added
 * to every object schema), so a member the service writes and the document leaves out fails as
 * surely as a documented required member that is missing, a value outside an enum, or a non-finite
 * number where the document allows only finite ones.
 */
@SpringBootTest(properties = "adjoint.limits.max-bindings=6")
@AutoConfigureMockMvc
class OpenApiAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper(); // the validator reads Jackson 2 trees

    @Autowired
    MockMvc mvc;

    private JsonNode document;
    private ObjectNode strictComponents;

    @BeforeEach
    void readTheServedDocument() throws Exception {
        document = JSON.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        strictComponents = document.path("components").deepCopy();
        for (JsonNode schema : strictComponents.path("schemas")) {
            if (schema.has("properties") && !schema.has("additionalProperties")) {
                ((ObjectNode) schema).put("additionalProperties", false);
            }
        }
    }

    @Test
    void everySwaggerExampleIsAValidRequestAndItsAnswerIsWhatTheDocumentSays() throws Exception {
        int examples = 0;
        SoftAssertions softly = new SoftAssertions(); // every example is tried, and every mismatch reported
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            JsonNode operation = document.path("paths").path(path).path("post");
            JsonNode request = operation.path("requestBody").path("content").path("application/json");
            JsonNode answer = operation.path("responses").path("200").path("content").path("application/json");
            for (Iterator<Map.Entry<String, JsonNode>> it = request.path("examples").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> example = it.next();
                String where = path + " example '" + example.getKey() + "'";
                JsonNode value = example.getValue().path("value");
                String body = value.isTextual() ? value.asText() : JSON.writeValueAsString(value);
                softly.assertThat(violations(request.path("schema"), body)).as(where + " against the request schema").isEmpty();
                boolean picture = path.endsWith("/graph");
                MockHttpServletResponse response = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)
                        .accept(picture ? MediaType.valueOf("image/svg+xml") : MediaType.APPLICATION_JSON)).andReturn().getResponse();
                String text = response.getContentAsString(StandardCharsets.UTF_8);
                softly.assertThat(response.getStatus()).as(where + ": " + text).isEqualTo(200);
                if (picture) {
                    softly.assertThat(text).as(where).contains("<svg");
                } else if (response.getStatus() == 200) {
                    softly.assertThat(violations(answer.path("schema"), text)).as(where + " answer against the 200 schema").isEmpty();
                }
                examples++;
            }
        }
        softly.assertAll();
        assertThat(examples).isGreaterThanOrEqualTo(20);
    }

    /**
     * Swagger UI fills a request from its properties' examples, and a reader copies a program or an
     * expression from there: each such example, sent with the schema's bindings and required members,
     * is computed (a literal backslash-n in a program's example was a syntax error).
     */
    @Test
    void everyProgramAndExpressionExampleOfAPropertyIsComputed() throws Exception {
        int sent = 0;
        SoftAssertions softly = new SoftAssertions();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            String ref = document.path("paths").path(path).path("post").path("requestBody").path("content")
                    .path("application/json").path("schema").path("$ref").asText();
            JsonNode schema = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
            for (String field : List.of("program", "expression")) {
                JsonNode example = schema.path("properties").path(field).path("example");
                if (!example.isTextual()) {
                    continue;
                }
                ObjectNode body = JSON.createObjectNode();
                body.set(field, example);
                for (JsonNode required : schema.path("required")) {
                    body.set(required.asText(), schema.path("properties").path(required.asText()).path("example"));
                }
                if (schema.path("properties").path("bindings").has("example")) {
                    body.set("bindings", schema.path("properties").path("bindings").path("example"));
                }
                boolean picture = path.endsWith("/graph");
                MockHttpServletResponse response = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(body))
                        .accept(picture ? MediaType.valueOf("image/svg+xml") : MediaType.APPLICATION_JSON)).andReturn().getResponse();
                softly.assertThat(response.getStatus()).as(path + " " + body + " -> " + response.getContentAsString(StandardCharsets.UTF_8))
                        .isEqualTo(200);
                sent++;
            }
        }
        softly.assertAll();
        assertThat(sent).as("program and expression examples sent").isGreaterThanOrEqualTo(14);
    }

    @Test
    void aNonFiniteNumberIsARealInTheAnswer() throws Exception {
        String text = answer("/api/v1/expressions/gradient", "{\"expression\": \"log(x) * y\", \"bindings\": {\"x\": -1, \"y\": 2}}", 200);
        assertThat(JSON.readTree(text).path("value").asText()).isEqualTo("NaN");
        assertThat(JSON.readTree(text).path("warnings")).isNotEmpty();
        assertThat(violations(schemaOf("/api/v1/expressions/gradient"), text)).isEmpty();
        // and the document would have caught a plain double: the same answer fails a schema whose value is a number
        ObjectNode finite = strictComponents.deepCopy();
        ((ObjectNode) finite.path("schemas").path("GradientResponse").path("properties").path("value")).removeAll()
                .put("type", "number");
        assertThat(violations(schemaOf("/api/v1/expressions/gradient"), text, finite)).isNotEmpty();
    }

    @Test
    void problemsCarryOnlyTheDocumentedMembers() throws Exception {
        List<Object[]> cases = List.of(
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"sin(x\", \"bindings\": {\"x\": 1}}", 400, "syntax-error"},
                new Object[] {"/api/v1/expressions/gradient", "{\"program\": \"a = x × y\\nb = (a\", \"bindings\": {\"x\": 1, \"y\": 2}}", 400, "syntax-error"},
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"x * zz + q\", \"bindings\": {\"x\": 1, \"z\": 2}}", 422, "not-computable"},
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"x\", \"program\": \"a = x\", \"bindings\": {\"x\": 1}}", 400, "invalid-request"},
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"x\", \"bindings\": {\"x\": 1}, \"colour\": 1}", 400, "malformed-body"},
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"x\", \"bindings\": {\"x\": 1}", 400, "malformed-body"},
                new Object[] {"/api/v1/expressions/gradient", "{\"expression\": \"a+b+c+d+e+f+g\", \"bindings\": "
                        + "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1, \"e\": 1, \"f\": 1, \"g\": 1}}", 413, "limit-exceeded"},
                new Object[] {"/api/v1/expressions/hessian", "{\"expression\": \"x * [1, 2]\", \"bindings\": {\"x\": 1}}", 422, "not-computable"},
                new Object[] {"/api/v1/networks/gradient", "{\"layers\": [{\"weights\": [[1, 2]], \"activation\": \"sigmoid\"},"
                        + " {\"weights\": [[1]], \"activation\": \"swish\"}], \"loss\": \"hinge\", \"example\": {\"x\": [1, 2], \"y\": 1}}", 422, "not-computable"},
                new Object[] {"/api/v1/batch", "{\"items\": []}", 400, "malformed-body"},
                new Object[] {"/api/v1/batch", "{}", 400, "invalid-request"});
        SoftAssertions softly = new SoftAssertions();
        for (Object[] c : cases) {
            String path = (String) c[0];
            int status = (Integer) c[2];
            MockHttpServletResponse response = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content((String) c[1]))
                    .andReturn().getResponse();
            String text = response.getContentAsString(StandardCharsets.UTF_8);
            softly.assertThat(response.getStatus()).as(path + " " + c[1] + " -> " + text).isEqualTo(status);
            softly.assertThat(response.getContentType()).as(text).startsWith("application/problem+json");
            softly.assertThat(JSON.readTree(text).path("type").asText()).as(text).isEqualTo("https://adjoint.dev/problems/" + c[3]);
            softly.assertThat(violations(problemSchema(path, status), text)).as(path + " " + c[1] + " -> " + text).isEmpty();
        }
        softly.assertAll();
        MockHttpServletResponse pdf = mvc.perform(post("/api/v1/expressions/graph").contentType(MediaType.APPLICATION_JSON)
                .content("{\"expression\": \"x * z\", \"bindings\": {\"x\": 1, \"z\": 2}}").accept(MediaType.APPLICATION_PDF))
                .andReturn().getResponse();
        assertThat(pdf.getStatus()).isEqualTo(406);
        assertThat(pdf.getContentType()).startsWith("application/problem+json");
        assertThat(violations(problemSchema("/api/v1/expressions/graph", 406), pdf.getContentAsString(StandardCharsets.UTF_8))).isEmpty();
        MockHttpServletResponse plain = mvc.perform(post("/api/v1/expressions/gradient").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andReturn().getResponse();
        assertThat(plain.getStatus()).isEqualTo(415);
        assertThat(violations(problemSchema("/api/v1/expressions/gradient", 415), plain.getContentAsString(StandardCharsets.UTF_8))).isEmpty();
    }

    private String answer(String path, String body, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        String text = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(path + " " + body + " -> " + text).isEqualTo(status);
        return text;
    }

    private JsonNode schemaOf(String path) {
        return document.path("paths").path(path).path("post").path("responses").path("200").path("content").path("application/json").path("schema");
    }

    /** The operation documents this status, and its schema is the Problem. */
    private JsonNode problemSchema(String path, int status) {
        JsonNode schema = document.path("paths").path(path).path("post").path("responses").path(Integer.toString(status))
                .path("content").path("application/problem+json").path("schema");
        assertThat(schema.path("$ref").asText()).as(path + " documents " + status).isEqualTo("#/components/schemas/Problem");
        return schema;
    }

    private List<String> violations(JsonNode schema, String json) throws Exception {
        return violations(schema, json, strictComponents);
    }

    private List<String> violations(JsonNode schema, String json, ObjectNode components) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", components);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(JSON.readTree(json))) {
            out.add(m.getMessage());
        }
        return out;
    }
}
