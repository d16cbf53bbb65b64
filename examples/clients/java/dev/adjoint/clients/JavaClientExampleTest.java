package dev.adjoint.clients;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client generated from docs/openapi.json (profile clients: ./mvnw -B -Pclients test) answers
 * the lecture note's Example 1, Example 2 and a check as the conformance cases say, against this server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JavaClientExampleTest {

    @LocalServerPort
    int port;

    @Test
    void theGeneratedClientAnswersTheNotesExamplesAndAChecksAsTheConformanceCasesSay() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JavaClientExample("http://127.0.0.1:" + port).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        Map<String, JsonNode> calls = ClientProcess.calls(output);
        assertThat(calls).as(output).containsOnlyKeys("example1", "example2", "check");
        Conformance.assertExampleOne(calls.get("example1"));
        Conformance.assertExampleTwo(calls.get("example2"));
        Conformance.assertCheck(calls.get("check"));
    }

    @Test
    void aProblemComesBackAsTheClientsApiExceptionWithTheProblemJson() {
        var expressions = new dev.adjoint.client.api.ExpressionsApi(new dev.adjoint.client.ApiClient()
                .setHost("127.0.0.1").setPort(port));
        assertThatThrownBy(() -> expressions.expressionGradient(new dev.adjoint.client.model.ExpressionRequest()
                .expression("x +").bindings(Map.of("x", 1.0))))
                .isInstanceOfSatisfying(dev.adjoint.client.ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseBody()).contains("\"status\":400").contains("syntax-error");
                });
    }
}
