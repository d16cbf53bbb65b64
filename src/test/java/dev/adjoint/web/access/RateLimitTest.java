package dev.adjoint.web.access;

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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A burst of 3, then one call a minute: the fourth call in a row is 429 with Retry-After. Each test
 * uses its own client address (or key), so the buckets of one test do not leak into another.
 */
@SpringBootTest(properties = {"adjoint.rate-limit.enabled=true", "adjoint.rate-limit.capacity=3",
        "adjoint.rate-limit.requests-per-minute=1", "adjoint.security.api-keys=k-one,k-two"})
@AutoConfigureMockMvc
class RateLimitTest {

    @Autowired
    MockMvc mvc;

    @Test
    void callOverTheBurstIs429WithRetryAfterInSeconds() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(status(from("10.0.0.1", ApiCalls.example1().header("X-API-Key", "k-one")))).isEqualTo(200);
        }
        MvcResult r = mvc.perform(from("10.0.0.1", ApiCalls.example1().header("X-API-Key", "k-one"))).andReturn();
        JsonNode p = ApiCalls.problem(r, 429, "too-many-requests");
        long retryAfter = Long.parseLong(r.getResponse().getHeader(HttpHeaders.RETRY_AFTER));
        // One token a minute: the next one is at most 60 s away, and never "retry now".
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(p.get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
    }

    @Test
    void eachKeyHasItsOwnBucketWhateverTheAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(from("10.0.0.2", ApiCalls.example1().header("X-API-Key", "k-two")));
        }
        assertThat(status(from("10.0.0.2", ApiCalls.example1().header("X-API-Key", "k-two")))).isEqualTo(429);
        // Same key from another address: still the same, empty bucket.
        assertThat(status(from("10.0.0.3", ApiCalls.example1().header("X-API-Key", "k-two")))).isEqualTo(429);
    }

    @Test
    void callsWithoutAValidKeyAreCountedPerAddressBeforeTheKeyCheck() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(status(from("10.0.0.4", ApiCalls.example1().header("X-API-Key", "guess-" + i)))).isEqualTo(401);
        }
        ApiCalls.problem(mvc.perform(from("10.0.0.4", ApiCalls.example1().header("X-API-Key", "guess-3"))).andReturn(),
                429, "too-many-requests");
        assertThat(status(from("10.0.0.5", ApiCalls.example1()))).isEqualTo(401);
    }

    @Test
    void healthChecksAreNeverLimited() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(status(from("10.0.0.6", get("/actuator/health")))).isEqualTo(200);
        }
    }

    private int status(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }
}
