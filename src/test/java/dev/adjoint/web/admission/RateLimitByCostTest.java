package dev.adjoint.web.admission;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit charges by cost: a batch takes a token per item, not one for the call. */
@SpringBootTest(properties = {"adjoint.rate-limit.enabled=true", "adjoint.rate-limit.capacity=10",
        "adjoint.rate-limit.requests-per-minute=1"})
@AutoConfigureMockMvc
class RateLimitByCostTest {

    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    @Test
    void aBatchTakesATokenPerItem() throws Exception {
        String eight = Requests.batchOf(8, "/api/v1/expressions/gradient", Requests.EXAMPLE_1);
        assertThat(mvc.perform(from("10.9.0.1", Requests.json("/api/v1/batch", eight))).andReturn().getResponse().getStatus()).isEqualTo(200);
        // 2 of the 10 tokens are left: a second batch of 8 is refused, though it is only the second call
        MvcResult second = mvc.perform(from("10.9.0.1", Requests.json("/api/v1/batch", eight))).andReturn();
        JsonNode p = Requests.problem(second, 429, "too-many-requests");
        assertThat(p.get("detail").asString()).contains("counts as 8");
        assertThat(Long.parseLong(second.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isBetween(1L, 600L);
    }

    @Test
    void plainRequestsStillTakeOneTokenEach() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(mvc.perform(from("10.9.0.2", Requests.json("/api/v1/expressions/gradient", Requests.EXAMPLE_1))).andReturn()
                    .getResponse().getStatus()).as("call " + i).isEqualTo(200);
        }
        Requests.problem(mvc.perform(from("10.9.0.2", Requests.json("/api/v1/expressions/gradient", Requests.EXAMPLE_1))).andReturn(),
                429, "too-many-requests");
    }

    @Test
    void aBatchLargerThanTheBucketTakesAFullBucketSoItCanStillPass() throws Exception {
        String fifty = Requests.batchOf(50, "/api/v1/expressions/gradient", Requests.EXAMPLE_1);
        assertThat(mvc.perform(from("10.9.0.3", Requests.json("/api/v1/batch", fifty))).andReturn().getResponse().getStatus()).isEqualTo(200);
        Requests.problem(mvc.perform(from("10.9.0.3", Requests.json("/api/v1/expressions/gradient", Requests.EXAMPLE_1))).andReturn(),
                429, "too-many-requests");
    }
}
