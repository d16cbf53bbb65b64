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

    @Autowired
    dev.adjoint.web.platform.RequestCosts costs;

    /** {@code sum(v * v)} with v of n elements, as a request body. */
    private static String squares(int n, String extra) {
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ", ").append(0.01 * i);
        }
        return "{\"expression\": \"sum(v * v)\", \"bindings\": {\"v\": " + v + "]}" + extra + "}";
    }

    private static dev.adjoint.web.expressions.ExpressionRequest request(int n) {
        return Requests.MAPPER_FOR_TESTS.readValue(squares(n, ""), dev.adjoint.web.expressions.ExpressionRequest.class);
    }

    @Test
    void higherOrderCostsAreWhatIsComputed() {
        dev.adjoint.web.expressions.ExpressionRequest r = request(400);
        Cost jvp = costs.higherOrder(r, dev.adjoint.web.platform.RequestCosts.Computed.jvp());
        Cost hvp = costs.higherOrder(r, dev.adjoint.web.platform.RequestCosts.Computed.hvp(400));
        Cost hessian = costs.higherOrder(r, dev.adjoint.web.platform.RequestCosts.Computed.hessian(400));
        Cost jacobian = costs.higherOrder(r, dev.adjoint.web.platform.RequestCosts.Computed.jacobian(1, 400));
        // one tangent sweep; H v about 3 gradients; the Hessian n H v's (3 x 400 + 1 sweeps); one output row: 2 sweeps
        assertThat(hvp.work()).isEqualTo(2 * jvp.work());
        assertThat(hessian.work()).isEqualTo((1 + 3 * 400) * jvp.work() / 2);
        assertThat(jacobian.work()).isEqualTo(jvp.work());
        // the Hessian's 160 000 entries dominate its heap; four times the rows, sixteen times the entries
        assertThat(hessian.bytes()).isGreaterThan(160_000L * 56);
        Cost quadrupled = costs.higherOrder(request(1600), dev.adjoint.web.platform.RequestCosts.Computed.hessian(1600));
        assertThat((double) quadrupled.bytes() / hessian.bytes()).isBetween(12.0, 16.0);
        assertThat(quadrupled.tokens()).isGreaterThan(hessian.tokens());
    }

    @Test
    void aHugeHessianTakesTheLargeLaneAndIsRefusedWhileItIsFullButExampleOnesIsAnswered() throws Exception {
        // 600 rows: 360 000 entries, about 20 MB estimated before compiling; 75 MB of the 90 MB lane are taken
        try (Ticket busy = frontDoor.admission().admit(75_000_000, 0, Deadline.NONE)) {
            MvcResult huge = mvc.perform(Requests.json("/api/v1/expressions/hessian", squares(600, ""))).andReturn();
            JsonNode p = Requests.problem(huge, 503, "overloaded");
            assertThat(p.get("name").asString()).isEqualTo("concurrentWork");
            assertThat(huge.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            // its H v has no n² entries: a few hundred KB, which fit beside the 75 MB: answered
            String vector = squares(600, "").replace("}}", "}, \"vector\": {\"v\": " + Requests.parse(squares(600, "")).at("/bindings/v") + "}}");
            assertThat(mvc.perform(Requests.json("/api/v1/expressions/hessian", vector)).andReturn().getResponse().getStatus()).isEqualTo(200);
            String example1 = "{\"expression\": \"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\", \"bindings\": {\"x\": 2, \"z\": 3}}";
            assertThat(mvc.perform(Requests.json("/api/v1/expressions/hessian", example1)).andReturn().getResponse().getStatus()).isEqualTo(200);
        }
        MvcResult answered = mvc.perform(Requests.json("/api/v1/expressions/hessian", squares(600, ""))).andReturn();
        assertThat(answered.getResponse().getStatus()).isEqualTo(200);
        JsonNode h = Requests.parse(answered.getResponse().getContentAsString()).get("hessian");
        assertThat(h.size()).isEqualTo(600);
        assertThat(h.get(599).get(599).asDouble()).isEqualTo(2.0);
        assertThat(frontDoor.admission().bytesInFlight()).isZero();
    }

    @Test
    void aHessianOverTheRowLimitIs413BeforeItIsCompiled() throws Exception {
        // 1 001 rows, and a text that would not even parse: the limit is checked first, from the bindings
        String body = squares(1001, "").replace("sum(v * v)", "sum(v * v");
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/expressions/hessian", body)).andReturn(), 413, "limit-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("hessianVariables");
        assertThat(p.get("limit").asLong()).isEqualTo(1000);
        assertThat(p.get("actual").asLong()).isEqualTo(1001);
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
