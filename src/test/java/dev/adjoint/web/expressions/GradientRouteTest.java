package dev.adjoint.web.expressions;

import dev.adjoint.AdjointApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GradientRoute} answers what the {@code DispatcherServlet} answers: the same requests go to
 * two servers, one with the route and one without ({@code adjoint.web.direct-gradient-route=false}),
 * and every answer must have the same status, the same headers but {@code Date}, and the same bytes:
 * Example 1 and other answers, every kind of problem (syntax, unbound names, strict-reading errors,
 * malformed JSON, 406, 415, CORS refusals), the requests the route leaves to Spring MVC, and 3 000
 * seeded random bodies ({@link RandomRequestBodies}). Then the two servers' request meters must agree.
 */
class GradientRouteTest {

    private static final String PATH = "/api/v1/expressions/gradient";
    private static final String EXAMPLE_1 = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersEveryRequestByteForByteAsSpringMvcDoes() throws Exception {
        List<HttpRequest.Builder> requests = requests();
        List<String> direct;
        List<String> mvc;
        String directMeters;
        String mvcMeters;
        AtomicInteger directDispatched = new AtomicInteger();
        AtomicInteger mvcDispatched = new AtomicInteger();
        try (ConfigurableApplicationContext app = start(true, directDispatched)) {
            assertThat(routeEnabled(app)).isTrue();
            direct = send(port(app), requests);
            directMeters = meters(port(app));
        }
        try (ConfigurableApplicationContext app = start(false, mvcDispatched)) {
            assertThat(routeEnabled(app)).isFalse();
            mvc = send(port(app), requests);
            mvcMeters = meters(port(app));
        }
        // the route really answered many of them: the DispatcherServlet (which publishes an event per request) did not see them
        assertThat(mvcDispatched.get()).isEqualTo(requests.size() - 1); // all but the CORS refusal, which the CORS filter answers
        // (the reader takes about 40 % of the random bodies; a body sent after its headers, not with them, also goes to Spring MVC)
        assertThat(directDispatched.get()).isLessThan(requests.size() - 1 - 500);
        assertThat(direct).hasSize(mvc.size());
        for (int i = 0; i < mvc.size(); i++) {
            assertThat(direct.get(i)).as("request %d", i).isEqualTo(mvc.get(i));
        }
        assertThat(directMeters).isEqualTo(mvcMeters);
        // and the comparison is of answers that matter: Example 1 answered, problems of several kinds
        assertThat(mvc.get(0)).startsWith("200\n").contains("\"gradient\"");
        assertThat(mvc).anyMatch(a -> a.startsWith("400\n") && a.contains("application/problem+json"));
        assertThat(mvc).anyMatch(a -> a.startsWith("415\n"));
        assertThat(mvc).anyMatch(a -> a.startsWith("406\n"));
        assertThat(mvc).anyMatch(a -> a.startsWith("403\n"));
        assertThat(mvc).anyMatch(a -> a.startsWith("422\n"));
        assertThat(mvc.stream().filter(a -> a.startsWith("200\n")).count()).isGreaterThan(20);
        assertThat(mvc.stream().filter(a -> a.startsWith("400\n")).count()).isGreaterThan(1_000);
        assertThat(mvcMeters).contains("uri=\"" + PATH + "\"");
    }

    private static List<HttpRequest.Builder> requests() {
        List<HttpRequest.Builder> r = new ArrayList<>();
        r.add(json(EXAMPLE_1));
        r.add(json("{\"program\": \"a = x*z\\nb = log(x)\\ny = a + b\", \"bindings\": {\"x\": 2, \"z\": 3}, \"wrt\": [\"x\"], \"output\": \"y\", \"verify\": true}"));
        r.add(json("{\"expression\": \"x +* y\", \"bindings\": {\"x\": 1, \"y\": 2}}"));
        r.add(json("{\"expression\": \"x + q\", \"bindings\": {\"x\": 1}}"));
        r.add(json("{\"expression\": \"log(x)\", \"bindings\": {\"x\": -1}}"));
        r.add(json("{\"expression\": \"x\", \"bindigs\": {\"x\": 1}}"));
        r.add(json("{\"expression\": \"x\", \"bindings\": {\"x\": 1, \"x\": 2}}"));
        r.add(json("{\"expression\": \"sum(x)\", \"bindings\": {\"x\": [1, 2, 3]}}"));
        r.add(json("{\"expression\": \"x\", \"bindings\": {\"x\": 1}"));
        r.add(json(EXAMPLE_1).header("Accept", "text/html"));
        r.add(json(EXAMPLE_1).header("Accept", "application/json"));
        r.add(json(EXAMPLE_1).header("Accept", "*/*"));
        r.add(json(EXAMPLE_1).header("Origin", "http://localhost:3000"));
        r.add(json(EXAMPLE_1).header("Origin", "http://evil.example"));
        r.add(HttpRequest.newBuilder().header("Content-Type", "application/json;charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(EXAMPLE_1)));
        r.add(HttpRequest.newBuilder().header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(EXAMPLE_1)));
        r.add(HttpRequest.newBuilder().GET());
        RandomRequestBodies bodies = new RandomRequestBodies(16);
        for (int i = 0; i < 3_000; i++) {
            r.add(json(bodies.next()));
        }
        return r;
    }

    private static HttpRequest.Builder json(String body) {
        return HttpRequest.newBuilder().header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Each answer as status, headers but Date (sorted by name) and body, one string. */
    private List<String> send(int port, List<HttpRequest.Builder> requests) throws Exception {
        List<String> answers = new ArrayList<>();
        for (HttpRequest.Builder b : requests) {
            HttpResponse<String> response = client.send(b.copy().uri(URI.create("http://127.0.0.1:" + port + PATH)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
            headers.remove("date");
            answers.add(response.statusCode() + "\n" + headers + "\n" + response.body());
        }
        return answers;
    }

    /** The request timer's series for the route: names, tags and counts. */
    private String meters(int port) throws Exception {
        String scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder out = new StringBuilder();
        scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains(PATH)).sorted()
                .forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static boolean routeEnabled(ConfigurableApplicationContext app) {
        return app.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .anyMatch(r -> r.getFilter() instanceof GradientRoute && r.isEnabled());
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** Counts the requests to the route that went through the DispatcherServlet (it publishes a handled event for each). */
    private static ConfigurableApplicationContext start(boolean route, AtomicInteger dispatched) {
        return new SpringApplicationBuilder(AdjointApplication.class)
                .listeners((ApplicationListener<ServletRequestHandledEvent>) e -> {
                    if (PATH.equals(e.getRequestUrl())) {
                        dispatched.incrementAndGet();
                    }
                })
                .run("--server.port=0", "--server.address=127.0.0.1", "--adjoint.web.direct-gradient-route=" + route,
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }
}
