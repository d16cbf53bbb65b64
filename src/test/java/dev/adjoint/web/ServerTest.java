package dev.adjoint.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real server on a random port: Tomcat, the real serializer, the error handler, Swagger UI. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void exampleOneAsAProgramAnswersWithTheNotesNamesAndTheCorrectedSign() throws Exception {
        HttpResponse<String> r = post("/api/v1/expressions/gradient", OpenApiExamples.EXAMPLE_1_PROGRAM, "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("output").asString()).isEqualTo("y");
        assertThat(body.get("value").asDouble()).isCloseTo(412.19145728412116, org.assertj.core.data.Offset.offset(1e-9));
        Map<String, JsonNode> nodes = new HashMap<>();
        body.get("nodes").forEach(n -> nodes.put(n.get("id").asString(), n));
        assertThat(nodes).containsKeys("x", "z", "a", "b", "c", "d", "e", "f", "y");
        assertThat(nodes.get("b").get("gradient").asDouble()).isCloseTo(-12.360007402472986, org.assertj.core.data.Offset.offset(1e-12));
        JsonNode b = null;
        for (JsonNode step : body.get("backward")) {
            if (step.get("id").asString().equals("b")) {
                b = step;
            }
        }
        assertThat(b).isNotNull();
        assertThat(b.get("terms").get(0).get("consumer").asString()).isEqualTo("e");
        assertThat(b.get("terms").get(0).get("localDerivative").asString()).isEqualTo("-a / b^2");
        double sum = 0;
        for (JsonNode term : b.get("terms")) {
            sum += term.get("contribution").asDouble();
        }
        assertThat(sum).isEqualTo(b.get("gradient").asDouble());
    }

    @Test
    void nonFiniteValuesAreJsonStringsWithAWarning() throws Exception {
        HttpResponse<String> r = post("/api/v1/expressions/gradient", "{\"expression\": \"log(x)\", \"bindings\": {\"x\": -1}}", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("value").isString()).isTrue();
        assertThat(body.get("value").asString()).isEqualTo("NaN");
        assertThat(body.get("warnings").get(0).get("node").asString()).isEqualTo("t1");
        assertThat(body.get("warnings").get(0).get("message").asString()).contains("log(x)").contains("x = -1");
    }

    @Test
    void errorsFromTheRealServerAreProblemJson() throws Exception {
        HttpResponse<String> r = post("/api/v1/expressions/gradient", "{\"expression\": \"(x\", \"bindings\": {\"x\": 1}}", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(r.body()).get("position").asInt()).isEqualTo(0);

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/no/such/path")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void swaggerUiAndTheOpenApiDocumentCarryBothFormsOfExampleOne() throws Exception {
        HttpResponse<String> docs = http.send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("Example 1 (expression)").contains("Example 1 (program)").contains("Example 2 (program with tensors)");
        HttpResponse<String> ui = http.send(HttpRequest.newBuilder(uri("/swagger-ui/index.html")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
    }

    @Test
    void exampleTwoAsAProgramIsReadyToSend() throws Exception {
        HttpResponse<String> r = post("/api/v1/expressions/gradient", OpenApiExamples.EXAMPLE_2_PROGRAM, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("value").asDouble()).isCloseTo(0.7733229935505472, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void healthAnswers() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("status").asString()).isEqualTo("UP");
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
