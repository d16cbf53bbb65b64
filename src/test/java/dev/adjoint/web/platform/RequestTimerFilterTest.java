package dev.adjoint.web.platform;

import dev.adjoint.AdjointApplication;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestTimerFilter} records the meters Spring's observation filter records: the same
 * requests (answers 2xx, the 4xx problems, 404s, 405, 415, 413 before and while reading, a malformed
 * path, an unknown method, a CORS preflight, bodies read asynchronously, a body that stops (Tomcat's
 * read timeout: an error with an exception), exceptions and a 503 from a filter) go to two servers,
 * one with each filter, and the scraped {@code http_server_requests} series must be the same: names,
 * every tag, and the counts (timings differ, so sums, maxima and bucket counts are not compared, only
 * how many bucket series there are).
 */
class RequestTimerFilterTest {

    private static final String EXAMPLE_1 = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";
    private static final String GRADIENT = "/api/v1/expressions/gradient";

    @Test
    void theFastTimerScrapesTheSameSeriesAndCountsAsSpringsObservationFilter() throws Exception {
        TreeMap<String, String> spring;
        TreeMap<String, String> fast;
        try (ConfigurableApplicationContext app = start("observation")) {
            assertThat(filter(app)).isExactlyInstanceOf(ServerHttpObservationFilter.class);
            spring = driveAndScrape(port(app));
        }
        try (ConfigurableApplicationContext app = start("fast")) {
            assertThat(filter(app)).isExactlyInstanceOf(RequestTimerFilter.class);
            fast = driveAndScrape(port(app));
        }
        assertThat(fast).isEqualTo(spring);

        // and the series are the ones that matter, so the comparison is not of two empty scrapes
        assertThat(spring).containsEntry(series("POST", GRADIENT, "200", "none", "none"), "4");
        assertThat(spring).containsEntry(series("POST", GRADIENT, "400", "none", "none"), "2");
        assertThat(spring).containsEntry(series("POST", "UNKNOWN", "500", "IllegalStateException", "IllegalStateException"), "1");
        assertThat(spring).containsEntry(series("POST", "UNKNOWN", "500", "IllegalArgumentException", "IllegalArgumentException"), "1");
        assertThat(spring.keySet()).anyMatch(k -> k.contains("status=\"404\""));
        assertThat(spring.keySet()).anyMatch(k -> k.contains("status=\"408\"") && !k.contains("exception=\"none\""));
        assertThat(spring.keySet()).anyMatch(k -> k.startsWith("http_server_requests_active_seconds_gcount{") && k.contains("method=\"POST\""));
    }

    private static String series(String method, String uri, String status, String exception, String error) {
        String outcome = status.startsWith("2") ? "SUCCESS" : status.startsWith("4") ? "CLIENT_ERROR" : "SERVER_ERROR";
        return "http_server_requests_seconds_count{error=\"" + error + "\",exception=\"" + exception + "\",method=\"" + method
                + "\",outcome=\"" + outcome + "\",status=\"" + status + "\",uri=\"" + uri + "\"}";
    }

    private static ConfigurableApplicationContext start(String timer) {
        return new SpringApplicationBuilder(AdjointApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("failingPaths", FilterRegistrationBean.class, RequestTimerFilterTest::failingPaths))
                .run("--server.port=0", "--server.address=127.0.0.1", "--adjoint.metrics.request-timer=" + timer,
                        "--adjoint.limits.max-body-bytes=1000", "--server.tomcat.connection-timeout=1000ms", "--adjoint.body.read-timeout=6s",
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    /** After the timer: /boom throws, /boom-wrapped throws a ServletException with a cause, /unavailable sends a 503. */
    private static FilterRegistrationBean<Filter> failingPaths() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            String path = ((HttpServletRequest) request).getRequestURI();
            switch (path) {
                case "/boom" -> throw new IllegalStateException("boom");
                case "/boom-wrapped" -> throw new ServletException("wrapped", new IllegalArgumentException("boom"));
                case "/unavailable" -> ((HttpServletResponse) response).sendError(503);
                default -> chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC); // a body read asynchronously or not
        return registration;
    }

    private static Filter filter(ConfigurableApplicationContext app) {
        return ((FilterRegistrationBean<?>) app.getBean("requestTimer")).getFilter();
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static TreeMap<String, String> driveAndScrape(int port) throws Exception {
        String json = "Content-Type: application/json\r\n";
        assertThat(send(port, "POST " + GRADIENT, json, EXAMPLE_1, -1)).startsWith("HTTP/1.1 200"); // whole, read where it is
        assertThat(send(port, "POST " + GRADIENT, json, EXAMPLE_1, 200)).startsWith("HTTP/1.1 200"); // body later: read asynchronously
        assertThat(sendChunked(port, GRADIENT, EXAMPLE_1, true)).startsWith("HTTP/1.1 200");
        assertThat(send(port, "POST " + GRADIENT, json, "{\"expression\": ", -1)).startsWith("HTTP/1.1 400");
        assertThat(send(port, "POST " + GRADIENT, json, "{\"expression\": \"x\", \"bindigs\": {}}", -1)).startsWith("HTTP/1.1 400");
        assertThat(send(port, "POST " + GRADIENT, "Content-Type: text/plain\r\n", "x", -1)).startsWith("HTTP/1.1 415");
        assertThat(send(port, "GET " + GRADIENT, "", null, -1)).startsWith("HTTP/1.1 405");
        assertThat(send(port, "GET /nope", "", null, -1)).startsWith("HTTP/1.1 404");
        assertThat(send(port, "POST /nope", json, "{}", -1)).startsWith("HTTP/1.1 404");
        assertThat(send(port, "GET /error", "", null, -1)).startsWith("HTTP/1.1 404");
        assertThat(send(port, "GET /", "", null, -1)).startsWith("HTTP/1.1 ");
        assertThat(send(port, "HEAD /actuator/health", "", null, -1)).startsWith("HTTP/1.1 200");
        assertThat(send(port, "GET /actuator/health/readiness", "", null, -1)).startsWith("HTTP/1.1 200");
        assertThat(send(port, "OPTIONS " + GRADIENT, "Origin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n", null, -1))
                .startsWith("HTTP/1.1 200");
        assertThat(send(port, "FOO " + GRADIENT, "", null, -1)).startsWith("HTTP/1.1 ");
        assertThat(send(port, "GET /api/v1/%zz", "", null, -1)).startsWith("HTTP/1.1 400");
        assertThat(send(port, "POST " + GRADIENT, json, " ".repeat(1500), -1)).startsWith("HTTP/1.1 413");
        assertThat(sendChunked(port, GRADIENT, " ".repeat(1500), false)).startsWith("HTTP/1.1 413");
        // an exception out of the filter chain: timed as a 500 with its name (Tomcat's error handling answers afterwards)
        assertThat(send(port, "POST /boom", json, "{}", -1)).startsWith("HTTP/1.1 ");
        assertThat(send(port, "POST /boom-wrapped", json, "{}", -1)).startsWith("HTTP/1.1 ");
        assertThat(send(port, "GET /unavailable", "", null, -1)).startsWith("HTTP/1.1 503");
        assertThat(stopsSending(port)).startsWith("HTTP/1.1 408");
        assertThat(send(port, "POST " + GRADIENT, json, EXAMPLE_1, -1)).startsWith("HTTP/1.1 200");

        Thread.sleep(300); // async requests are timed until their listener runs, just after the answer is sent
        TreeMap<String, String> series = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^(http_server_requests\\w*\\{[^}]*\\}) (\\S+)$").matcher(send(port, "GET /actuator/prometheus", "", null, -1));
        int buckets = 0;
        while (line.find()) {
            String name = line.group(1);
            if (name.contains("_bucket{")) { // the histogram's buckets: their label sets are counted, their counts are timings
                buckets++;
                continue;
            }
            boolean counted = name.startsWith("http_server_requests_seconds_count{") || name.startsWith("http_server_requests_active_seconds_gcount{");
            series.put(name, counted ? line.group(2) : "(timing)");
        }
        series.put("(histogram bucket series)", Integer.toString(buckets));
        return series;
    }

    /** One request on its own connection (Connection: close); the body after {@code pauseMillis} if not negative. */
    private static String send(int port, String requestLine, String headers, String body, int pauseMillis) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + (body == null ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
            if (pauseMillis > 0) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMillis);
                out.write(bytes);
            } else { // one write: the body arrives with the headers
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                request.write(head.getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                out.write(request.toByteArray());
            }
            out.flush();
            return readAll(socket);
        }
    }

    /** A chunked body in two chunks; without the last chunk if {@code complete} is false (the server must answer anyway). */
    private static String sendChunked(int port, String path, String body, boolean complete) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int half = body.length() / 2;
            for (String chunk : List.of(body.substring(0, half), body.substring(half))) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
            }
            if (complete) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return readAll(socket);
        }
    }

    /**
     * Headers and 10 bytes of a longer body, then nothing: Tomcat's read timeout (1 s here, checked about
     * once a second) ends it well before the body deadline (6 s): an error dispatch with the exception, 408.
     */
    private static String stopsSending(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + GRADIENT + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"expressi").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket);
        }
    }

    private static String readAll(Socket socket) throws Exception {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(answer);
        return answer.toString(StandardCharsets.UTF_8);
    }

}
