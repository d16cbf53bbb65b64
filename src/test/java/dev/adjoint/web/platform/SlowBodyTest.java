package dev.adjoint.web.platform;

import dev.adjoint.web.Json;
import dev.adjoint.web.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat itself, with a short body deadline and 4 worker threads: bodies that trickle in hold no
 * thread (other requests are answered meanwhile), and are cut at the deadline with a 408 problem
 * and a closed connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adjoint.body.read-timeout=3s", "server.tomcat.connection-timeout=1500ms", "server.tomcat.threads.max=4",
                "server.tomcat.threads.min-spare=4", "adjoint.limits.max-body-bytes=1000"})
class SlowBodyTest {

    static final String BODY = "{\"expression\": \"x*x\", \"bindings\": {\"x\": 3}}                                  ";

    @LocalServerPort
    int port;

    @Test
    void aBodyTricklingInIsCutAtTheBodyDeadline() throws Exception {
        long started = System.nanoTime();
        String answer = exchange(500, BODY.length()); // a byte every 0.5 s: each read returns in time, the whole body cannot
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).containsIgnoringCase("Connection: close");
        JsonNode p = Json.parse(RawHttp.body(answer));
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/body-timeout");
        assertThat(p.get("detail").asString()).contains("longer than 3 s");
        assertThat(seconds).as("seconds until the answer").isBetween(3.0, 7.0);
    }

    @Test
    void aBodyThatStopsIsCutAtTheReadTimeout() throws Exception {
        String answer = exchange(-1, 10); // 10 bytes, then silence
        assertThat(answer).startsWith("HTTP/1.1 408");
        JsonNode p = Json.parse(RawHttp.body(answer));
        assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/body-timeout");
        assertThat(p.get("status").asInt()).isEqualTo(408);
    }

    @Test
    void aBodySentAtOnceIsAnswered() throws Exception {
        assertThat(exchange(0, BODY.length())).startsWith("HTTP/1.1 200");
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413BeforeItIsAllRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/expressions/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = " ".repeat(600);
            for (int i = 0; i < 2; i++) { // 1 200 bytes, and no last chunk: the answer must not wait for one
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 413");
            JsonNode p = Json.parse(RawHttp.body(text));
            assertThat(p.get("type").asString()).isEqualTo("https://adjoint.dev/problems/limit-exceeded");
            assertThat(p.get("name").asString()).isEqualTo("bodyBytes");
            assertThat(p.get("limit").asLong()).isEqualTo(1000);
        }
    }

    @Test
    void twiceAsManyTricklingBodiesAsThreadsHoldNoThread() throws Exception {
        assertThat(exchange(0, BODY.length())).startsWith("HTTP/1.1 200"); // warm
        java.util.List<java.util.concurrent.Future<String>> slow = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                slow.add(clients.submit(() -> exchange(400, BODY.length())));
            }
            Thread.sleep(800); // all 8 have sent their headers and are trickling: 4 threads would all be waiting on them
            long started = System.nanoTime();
            String answer = exchange(0, BODY.length());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(seconds).as("seconds for a whole request while 8 bodies trickle in on 4 threads").isLessThan(1.5);
            for (java.util.concurrent.Future<String> f : slow) {
                assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS)).startsWith("HTTP/1.1 408");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * POSTs BODY with its full Content-Length, sending {@code bytes} of it with {@code pauseMillis}
     * between bytes (0: all at once; -1: those bytes at once, then nothing), and reads the answer
     * until the server closes the connection (at most 15 s).
     */
    private String exchange(int pauseMillis, int bytes) throws Exception {
        return exchange(port, pauseMillis, bytes);
    }

    static String exchange(int port, int pauseMillis, int bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /api/v1/expressions/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            if (pauseMillis <= 0) {
                out.write(body, 0, bytes);
                out.flush();
            } else {
                for (int i = 0; i < bytes && in.available() == 0; i++) {
                    out.write(body[i]);
                    out.flush();
                    Thread.sleep(pauseMillis);
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
