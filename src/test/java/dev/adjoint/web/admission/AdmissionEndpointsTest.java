package dev.adjoint.web.admission;

import dev.adjoint.autodiff.Deadline;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The cost model's 413s and the admission's 503, through the real controllers and error handler.
 * A 100 MB budget of which 10 % is the small lane (requests up to 64 KB); no queue, so a busy
 * large lane refuses at once.
 */
@SpringBootTest(properties = {"adjoint.admission.budget-bytes=100000000", "adjoint.admission.small-request-bytes=65536",
        "adjoint.admission.queue-length=0", "adjoint.admission.queue-wait=1s", "adjoint.limits.max-activations=1000",
        "adjoint.limits.max-verification-work=1000"})
@AutoConfigureMockMvc
class AdmissionEndpointsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    FrontDoor frontDoor;

    @Test
    void aBusyServerAnswers503WithRetryAfterWhileSmallRequestsStillGetThrough() throws Exception {
        try (Ticket everything = frontDoor.admission().admit(Long.MAX_VALUE, 0, Deadline.NONE)) {
            // 2 000 lines: a 30 KB body, read in the large lane (8 bytes of heap a body byte), which is full
            MvcResult big = mvc.perform(Requests.json("/api/v1/expressions/gradient", Requests.chainProgram(2000))).andReturn();
            JsonNode p = Requests.problem(big, 503, "overloaded");
            assertThat(big.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(p.get("retryAfterSeconds").asLong()).isEqualTo(1);
            assertThat(p.get("name").asString()).isEqualTo("concurrentWork");
            assertThat(p.get("limit").asLong()).isEqualTo(90_000_000L); // the large lane: 100 MB less the small lane's 10 %
            assertThat(p.get("actual").asLong()).isGreaterThan(90_000_000L);

            // a 4 KB body (read in the small lane) whose computation is estimated at 6 MB: refused after parsing, as above
            String tower = "{\"expression\": \"" + "x^".repeat(2000) + "x\", \"bindings\": {\"x\": 1}}";
            MvcResult afterParsing = mvc.perform(Requests.json("/api/v1/expressions/gradient", tower)).andReturn();
            assertThat(Requests.problem(afterParsing, 503, "overloaded").get("name").asString()).isEqualTo("concurrentWork");
            assertThat(afterParsing.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");

            MvcResult small = mvc.perform(Requests.json("/api/v1/expressions/gradient", Requests.EXAMPLE_1)).andReturn();
            assertThat(small.getResponse().getStatus()).isEqualTo(200);
        }
        assertThat(mvc.perform(Requests.json("/api/v1/expressions/gradient", Requests.chainProgram(2000))).andReturn()
                .getResponse().getStatus()).isEqualTo(200);

        String scrape = mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        assertThat(scrape).containsPattern("adjoint_admission_refused_total\\{reason=\"queue-full\"\\} [1-9]");
        assertThat(scrape).containsPattern("adjoint_admission_admitted_total\\{lane=\"small\"\\} [1-9]");
        assertThat(scrape).containsPattern("adjoint_admission_admitted_total\\{lane=\"large\"\\} [1-9]");
        assertThat(scrape).contains("adjoint_admission_in_flight_bytes", "adjoint_admission_waiting", "adjoint_admission_queued_total");
        // every ticket was given back: nothing is in flight once the calls have answered
        assertThat(frontDoor.admission().bytesInFlight()).isZero();
    }

    @Test
    void verificationIsBoundByTwoSweepsPerVariable() throws Exception {
        // x and 600 lines: 601 nodes, one variable: 2 x 1 x 601 node evaluations, over 1 000
        String chain = Requests.chainProgram(600).replace("}}", "}, \"verify\": true}");
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/expressions/gradient", chain)).andReturn(), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("verificationWork");
        assertThat(p.get("limit").asLong()).isEqualTo(1000);
        assertThat(p.get("actual").asLong()).isEqualTo(1202);
        // six variables of an 11-node product: 132 evaluations, verified
        String product = "{\"expression\": \"a*b*c*d*e*f\", \"bindings\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6},"
                + " \"verify\": true}";
        MvcResult ok = mvc.perform(Requests.json("/api/v1/expressions/gradient", product)).andReturn();
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat(Requests.parse(ok.getResponse().getContentAsString()).at("/verification/checks").size()).isEqualTo(6);
    }

    @Test
    void networkActivationsOverTheLimitAre413BeforeAnythingIsAllocated() throws Exception {
        // one input, a 600-wide softmax, two examples: 2 x (1 + 600 + 600 targets) = 2 402 activations
        String weights = "[[" + "0,".repeat(599) + "0]]";
        String body = "{\"layers\": [{\"weights\": " + weights + ", \"activation\": \"softmax\"}], \"loss\": \"cross_entropy\","
                + " \"examples\": [{\"x\": [1], \"y\": 0}, {\"x\": [1], \"y\": 3}]}";
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/networks/gradient", body)).andReturn(), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("activations");
        assertThat(p.get("limit").asLong()).isEqualTo(1000);
        assertThat(p.get("actual").asLong()).isEqualTo(2402);
    }

    @Test
    void aPictureWithTooManyArrowsIs413ForSvgButDrawnAsText() throws Exception {
        String body = Requests.allPairsProgram(50); // x and 50 lines: 1 225 arrows between lines, 1 from x to a1
        MvcResult svg = mvc.perform(Requests.json("/api/v1/expressions/graph", body).accept("image/svg+xml")).andReturn();
        JsonNode p = Requests.problem(svg, 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("drawnEdges");
        assertThat(p.get("limit").asLong()).isEqualTo(1000);
        assertThat(p.get("actual").asLong()).isEqualTo(1226);
        MvcResult dot = mvc.perform(Requests.json("/api/v1/expressions/graph", body).accept("text/vnd.graphviz")).andReturn();
        assertThat(dot.getResponse().getStatus()).isEqualTo(200);
        assertThat(dot.getResponse().getContentAsString()).contains("a49", "a50");
    }

    @Test
    void aPictureWhoseArrowsReachFarIs413() throws Exception {
        // 150 lines a_k = a_(k-1) * x: 300 arrows, but those from x reach 1 + 2 + ... + 150 layers
        MvcResult r = mvc.perform(Requests.json("/api/v1/expressions/graph", Requests.chainProgram(150)).accept("image/svg+xml")).andReturn();
        JsonNode p = Requests.problem(r, 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("drawnSpan");
        assertThat(p.get("limit").asLong()).isEqualTo(8000);
        assertThat(p.get("actual").asLong()).isEqualTo(149 + 150 * 151 / 2);
        // the same shape, short enough, is drawn
        MvcResult ok = mvc.perform(Requests.json("/api/v1/expressions/graph", Requests.chainProgram(40)).accept("image/svg+xml")).andReturn();
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat(ok.getResponse().getContentAsString()).startsWith("<svg");
    }

    @Test
    void aNetworkPictureIsBoundByTheDrawnNodesLimitToo() throws Exception {
        // 200 layers: x, then W, u, z per layer, then y and J: over 400 boxes
        String body = Requests.deepTraining(200, 1).replace(", \"learningRate\": 0.001, \"epochs\": 1", "");
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/networks/graph", body).accept("image/svg+xml")).andReturn(),
                413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("drawnNodes");
        assertThat(p.get("actual").asLong()).isGreaterThan(400);
    }
}
