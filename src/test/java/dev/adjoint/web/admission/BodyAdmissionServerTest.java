package dev.adjoint.web.admission;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real server bodies are read without a thread (an asynchronous request): the body's
 * admission must come before the bytes arrive and last until the request ends, however it ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BodyAdmissionServerTest {

    private static final String EXAMPLE_1 = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    private double inFlight() {
        return registry.get("adjoint.admission.in.flight").gauge().value();
    }

    /** Polls the gauge for up to 5 s: releases happen on the container's threads, just after the answer. */
    private double awaitInFlight(DoublePredicate wanted) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        double now = inFlight();
        while (!wanted.test(now) && System.nanoTime() < end) {
            Thread.sleep(20);
            now = inFlight();
        }
        return now;
    }

    @Test
    void answeredRequestsLeaveNothingAdmitted() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/expressions/gradient"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(EXAMPLE_1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(awaitInFlight(v -> v == 0.0)).isZero();
    }

    @Test
    void aBodyStillArrivingHoldsItsAdmissionUntilTheClientGoesAway() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/expressions/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"expr").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // 1000 announced bytes at BodyAdmissionFilter's 8 heap bytes per body byte
            assertThat(awaitInFlight(v -> v >= 1000.0 * BodyAdmissionFilter.BYTES_PER_BODY_BYTE))
                    .isGreaterThanOrEqualTo(1000.0 * BodyAdmissionFilter.BYTES_PER_BODY_BYTE);
        }
        assertThat(awaitInFlight(v -> v == 0.0)).isZero();
    }
}
