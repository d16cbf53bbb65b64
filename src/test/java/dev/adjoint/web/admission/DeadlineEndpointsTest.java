package dev.adjoint.web.admission;

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
 * A request still computing at its deadline (here 200 ms) stops with 503 naming the limit. The
 * work limit is lifted so that the deadline, not the cost model, is what stops these runs: each
 * would take minutes.
 */
@SpringBootTest(properties = {"adjoint.admission.request-time=200ms", "adjoint.limits.max-training-work=9000000000000000000"})
@AutoConfigureMockMvc
class DeadlineEndpointsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void trainingPastTheDeadlineIs503NamingTheLimit() throws Exception {
        MvcResult r = mvc.perform(Requests.json("/api/v1/networks/train", Requests.deepTraining(200, 100_000))).andReturn();
        JsonNode p = Requests.problem(r, 503, "deadline-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("requestTime");
        assertThat(p.get("limit").asLong()).isEqualTo(200);
        assertThat(p.get("actual").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(r.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");

        String scrape = mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        assertThat(scrape).containsPattern("adjoint_requests_deadline_exceeded_total [1-9]");
    }

    @Test
    void aStreamedTrainingPastTheDeadlineEndsWithAnErrorEvent() throws Exception {
        MvcResult r = mvc.perform(Requests.json("/api/v1/networks/train", Requests.deepTraining(200, 100_000))
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)).andReturn();
        r.getAsyncResult(20_000);
        String events = r.getResponse().getContentAsString();
        assertThat(events).contains("event:error").contains("\"status\":503").contains("200 ms").doesNotContain("event:done");
    }

    @Test
    void aBatchPastTheDeadlineStopsAsAWhole() throws Exception {
        String batch = Requests.batchOf(4, "/api/v1/networks/train", Requests.deepTraining(200, 100_000));
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/batch", batch)).andReturn(), 503, "deadline-exceeded");
        assertThat(p.get("limit").asLong()).isEqualTo(200);
    }

    @Test
    void aTensorHessianPastTheDeadlineIs503() throws Exception {
        // 1000 rows, each a lane through outer products of a million elements: minutes without the deadline
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            v.append(i == 0 ? "" : ", ").append(0.001 * i);
        }
        v.append("]");
        String body = "{\"expression\": \"sum(sin(outer(v, v)) @ v)\", \"bindings\": {\"v\": " + v + "}}";
        JsonNode p = Requests.problem(mvc.perform(Requests.json("/api/v1/expressions/hessian", body)).andReturn(), 503, "deadline-exceeded");
        assertThat(p.get("limit").asLong()).isEqualTo(200);
    }

    @Test
    void aTensorJvpPastTheDeadlineIs503() throws Exception {
        // P is 1000 x 1000: the values take two products of 10^9 multiply-adds, the tangent sweep four more
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            v.append(i == 0 ? "" : ", ").append(0.001 * i);
        }
        v.append("]");
        String body = "{\"program\": \"P = outer(v, v)\\ny = sum(P @ P @ P)\", \"bindings\": {\"v\": " + v + "}, \"tangents\": {\"v\": " + v + "}}";
        MvcResult r = mvc.perform(Requests.json("/api/v1/expressions/jvp", body)).andReturn();
        JsonNode p = Requests.problem(r, 503, "deadline-exceeded");
        assertThat(p.get("name").asString()).isEqualTo("requestTime");
        assertThat(p.get("limit").asLong()).isEqualTo(200);
        assertThat(r.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void quickRequestsAreUntouchedByTheDeadline() throws Exception {
        assertThat(mvc.perform(Requests.json("/api/v1/expressions/gradient", Requests.EXAMPLE_1)).andReturn().getResponse().getStatus())
                .isEqualTo(200);
    }
}
