package dev.adjoint.web.networks;

import dev.adjoint.web.Json;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /networks/train with Accept: text/event-stream on a real server: one event per epoch as the run
 * goes, then the plain answer; closing the stream stops the run on the server (its admission
 * ticket is given back long before the run would have ended).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adjoint.admission.request-time=60s", "adjoint.limits.max-training-work=9000000000000000000"})
class TrainingStreamTest {

    private static final String AND = "{\"layers\": [{\"weights\": [[0.1], [-0.2]], \"bias\": [0.0], \"activation\": \"sigmoid\"}],"
            + " \"loss\": \"binary_cross_entropy\", \"examples\": [{\"x\": [0, 0], \"y\": 0}, {\"x\": [0, 1], \"y\": 0},"
            + " {\"x\": [1, 0], \"y\": 0}, {\"x\": [1, 1], \"y\": 1}], \"learningRate\": 0.5, \"epochs\": 30}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void oneEventPerEpochThenTheSameAnswerAsThePlainJson() throws Exception {
        HttpResponse<Stream<String>> r = client.send(request(AND, "text/event-stream"), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String[]> events = new ArrayList<>();
        String name = null;
        try (Stream<String> lines = r.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    events.add(new String[] {name, line.substring(5).trim()});
                }
            }
        }
        assertThat(events).hasSize(31);
        JsonNode plain = Json.parse(client.send(request(AND, "application/json"), HttpResponse.BodyHandlers.ofString()).body());
        for (int e = 0; e < 30; e++) {
            assertThat(events.get(e)[0]).isEqualTo("epoch");
            JsonNode event = Json.parse(events.get(e)[1]);
            assertThat(event.get("epoch").asInt()).isEqualTo(e + 1);
            assertThat(event.get("loss").asDouble()).isEqualTo(plain.get("epochLosses").get(e).asDouble()); // same bits
        }
        assertThat(events.get(30)[0]).isEqualTo("done");
        JsonNode done = Json.parse(events.get(30)[1]);
        assertThat(done).isEqualTo(plain);
        assertThat(plain.get("epochLosses").get(29).asDouble()).isLessThan(plain.get("epochLosses").get(0).asDouble());
    }

    @Test
    void closingTheStreamStopsTheRun() throws Exception {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            layers.add("{\"weights\": [[0.99]], \"activation\": \"linear\"}");
        }
        String endless = "{\"layers\": [" + String.join(",", layers) + "], \"loss\": \"squared_error\", \"examples\": [{\"x\": [1], \"y\": 1}],"
                + " \"learningRate\": 0.001, \"epochs\": 100000}"; // minutes of work
        HttpResponse<Stream<String>> r = client.send(request(endless, "text/event-stream"), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        try (Stream<String> lines = r.body()) {
            assertThat(lines.filter(l -> l.startsWith("data:")).findFirst()).isPresent();
            assertThat(running()).isEqualTo(1.0);
        }
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (running() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(running()).as("runs still admitted after the stream closed").isEqualTo(0.0);
    }

    @Test
    void aBadRequestIsAProblemNotAStream() throws Exception {
        HttpResponse<String> r = client.send(request(AND.replace("\"epochs\": 30", "\"epochs\": 0"), "text/event-stream"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.parse(r.body()).get("errors").get(0).get("path").asString()).isEqualTo("epochs");
    }

    private double running() {
        return registry.get("adjoint.admission.running").gauge().value();
    }

    private HttpRequest request(String body, String accept) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/networks/train"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
