package dev.adjoint.web.platform;

import dev.adjoint.web.Json;
import dev.adjoint.web.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real server on a random port: Tomcat, the real serializer, the error handler, Swagger UI. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
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

    @Test
    void aMultipartContentTypeWithoutABoundaryIsA415Or404ProblemAndNoErrorLog(CapturedOutput output) throws Exception {
        HttpResponse<String> api = post("/api/v1/expressions/gradient", "x", "multipart/form-data");
        assertThat(api.statusCode()).isEqualTo(415);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> elsewhere = post("/no/such/path", "x", "multipart/form-data");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).header("Content-Type", "multipart/form-data")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("MultipartException");
    }

    @Test
    void aBadEscapeInAPathParameterIsA400Problem(CapturedOutput output) throws Exception {
        String[] response = raw("GET /api/v1/expressions/gradient;a=%zz HTTP/1.1");
        assertThat(response[0]).startsWith("HTTP/1.1 400");
        assertThat(response[0]).containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode p = Json.parse(response[1]);
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/malformed-url");
        assertThat(p.get("position").asInt()).isEqualTo("/api/v1/expressions/gradient;a=".length());
        assertThat(p.get("instance").asString()).isEqualTo("/api/v1/expressions/gradient;a=%25zz");
        assertThat(raw("POST /api/v1/batch;x=%2 HTTP/1.1")[0]).startsWith("HTTP/1.1 400");
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void tomcatsOwnRefusalsAreProblemJsonNotHtml() throws Exception {
        for (String target : new String[] {"/api/v1%2Fbatch", "/api\\v1", "/caf\u00e9"}) {
            String[] response = raw("GET " + target + " HTTP/1.1");
            assertThat(response[0]).as(target).startsWith("HTTP/1.1 400");
            assertThat(response[0]).as(target).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(response[1]).as(target).doesNotContain("<html");
            JsonNode p = Json.parse(response[1]);
            assertThat(p.get("status").asInt()).isEqualTo(400);
            assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/malformed-url");
        }
    }

    @Test
    void errorIsNotAnEndpoint() throws Exception {
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/error")).method(method, HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.parse(r.body()).get("status").asInt()).isEqualTo(404);
            assertThat(Json.parse(r.body()).get("endpoints").toString()).as(method).contains("/api/v1/expressions/gradient");
        }
    }

    /** One request line sent as raw bytes (UTF-8), as no HTTP client would send it; the head and body of the answer. */
    private String[] raw(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            return new String[] {RawHttp.head(text), RawHttp.body(text)};
        }
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
