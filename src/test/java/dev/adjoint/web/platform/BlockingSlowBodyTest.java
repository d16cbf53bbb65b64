package dev.adjoint.web.platform;

import dev.adjoint.web.Json;
import dev.adjoint.web.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the non-blocking reader switched off (adjoint.body.non-blocking=false) bodies are read on
 * the worker thread, and the same deadline still holds: a trickling body is cut with a 408 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adjoint.body.non-blocking=false", "adjoint.body.read-timeout=2s", "server.tomcat.connection-timeout=1500ms"})
class BlockingSlowBodyTest {

    @LocalServerPort
    int port;

    @Test
    void aBodyTricklingInIsCutAtTheBodyDeadline() throws Exception {
        long started = System.nanoTime();
        String answer = SlowBodyTest.exchange(port, 500, SlowBodyTest.BODY.length());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(answer).containsIgnoringCase("Connection: close");
        JsonNode p = Json.parse(RawHttp.body(answer));
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/body-timeout");
        assertThat(p.get("detail").asString()).contains("longer than 2 s");
        assertThat(seconds).isBetween(2.0, 6.0);
    }

    @Test
    void aBodyThatStopsIsCutAtTheReadTimeout() throws Exception {
        String answer = SlowBodyTest.exchange(port, -1, 10);
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(Json.parse(RawHttp.body(answer)).get("type").asString()).isEqualTo("https://adjoint.dev/problems/body-timeout");
    }
}
