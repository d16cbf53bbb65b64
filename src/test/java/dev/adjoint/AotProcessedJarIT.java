package dev.adjoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged jar started the way the README, scripts/cds.sh and the image start it: with Spring's
 * build-time bean definitions (process-aot, {@code -Dspring.aot.enabled=true}) and the run options.
 * It must say it is AOT-processed, become ready, answer Example 1 correctly, serve the actuator and
 * OpenAPI endpoints the deployments use, and still switch the access filters by properties given at
 * run time (AOT fixes the bean definitions at build time, where no API key is configured and rate
 * limits are off). Runs in {@code verify} after {@code package} (failsafe), on a free loopback port.
 */
class AotProcessedJarIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "aot-check-key";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private static Process server;
    private static Path log;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of(System.getProperty("adjoint.jar", "target/adjoint-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar").isRegularFile();
        log = Files.createTempFile("adjoint-aot-it", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xms64m", "-XX:+ExitOnOutOfMemoryError",
                "-Dspring.aot.enabled=true", "-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=0",
                "--adjoint.security.api-keys=" + KEY, "--adjoint.rate-limit.enabled=true",
                "--adjoint.rate-limit.capacity=3", "--adjoint.rate-limit.requests-per-minute=1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (base == null) {
            Matcher m = PORT.matcher(Files.readString(log));
            if (m.find()) {
                base = "http://127.0.0.1:" + m.group(1);
            } else {
                assertThat(server.isAlive()).as("the server is running; its log:\n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("started within 90 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        // readiness turns UP after the web server has started (ApplicationReadyEvent)
        while (get("/actuator/health/readiness").statusCode() != 200) {
            assertThat(server.isAlive()).as("the server is running; its log:\n%s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("ready within 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void startsFromTheBuildTimeBeanDefinitionsAndBecomesReady() throws Exception {
        assertThat(Files.readString(log)).contains("Starting AOT-processed AdjointApplication");
        HttpResponse<String> ready = get("/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> info = get("/actuator/info");
        assertThat(JSON.readTree(info.body()).path("build").path("artifact").asString()).isEqualTo("adjoint");
        // not exposed at build time, so not at run time either
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        HttpResponse<String> openApi = get("/v3/api-docs");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(openApi.body()).path("paths").has("/api/v1/expressions/gradient")).isTrue();
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    /** Example 1 of the notes against its closed-form derivatives, through the filters the run-time properties switched on. */
    @Test
    void answersExampleOneAndSwitchesTheAccessFiltersByRunTimeProperties() throws Exception {
        String body = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";
        HttpResponse<String> noKey = post("/api/v1/expressions/gradient", body, null);
        assertThat(noKey.statusCode()).as("no key, keys configured at run time").isEqualTo(401);
        assertThat(noKey.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> answer = post("/api/v1/expressions/gradient", body, KEY);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        double x = 2, z = 3, l = Math.log(x);
        double f = Math.exp(x * z) + x * z / l + Math.sin(l) / (x * z);
        double dx = z * Math.exp(x * z) + z / l - z / (l * l) + (Math.cos(l) - Math.sin(l)) / (x * x * z);
        double dz = x * Math.exp(x * z) + x / l - Math.sin(l) / (x * z * z);
        assertThat(json.path("value").asDouble()).isCloseTo(f, within(1e-12 * Math.abs(f)));
        assertThat(json.path("gradient").path("x").asDouble()).isCloseTo(dx, within(1e-12 * Math.abs(dx)));
        assertThat(json.path("gradient").path("z").asDouble()).isCloseTo(dz, within(1e-12 * Math.abs(dz)));
        assertThat(json.path("nodes").size()).isGreaterThan(2);
        assertThat(json.path("backward").size()).isGreaterThan(0);

        // a burst of 3 at one call a minute, per key: the key has made 1 call, so of 4 more at least one is refused
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post("/api/v1/expressions/gradient", body, KEY).statusCode());
        }
        assertThat(statuses).as("rate limit switched on at run time").contains(429);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
