package dev.adjoint.web.access;

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

/** With keys configured, an API call needs one of them in X-API-Key; operations and docs stay open. */
@SpringBootTest(properties = "adjoint.security.api-keys=k-alpha, k-beta")
@AutoConfigureMockMvc
class ApiKeyRequiredTest {

    @Autowired
    MockMvc mvc;

    @Test
    void callWithoutAKeyIs401ProblemSayingWhereTheKeyGoes() throws Exception {
        MvcResult r = mvc.perform(ApiCalls.example1()).andReturn();
        JsonNode p = ApiCalls.problem(r, 401, "unauthorized");
        assertThat(p.get("detail").asString()).contains("X-API-Key");
        assertThat(p.get("instance").asString()).isEqualTo(ApiCalls.GRADIENT);
        assertThat(r.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("X-API-Key");
    }

    @Test
    void callWithAWrongKeyIs401() throws Exception {
        JsonNode p = ApiCalls.problem(mvc.perform(ApiCalls.example1().header("X-API-Key", "k-alph")).andReturn(), 401, "unauthorized");
        assertThat(p.get("detail").asString()).contains("not hold a valid API key");
    }

    @Test
    void everyConfiguredKeyIsAccepted() throws Exception {
        for (String key : new String[] {"k-alpha", "k-beta"}) {
            MvcResult r = mvc.perform(ApiCalls.example1().header("X-API-Key", key)).andReturn();
            assertThat(r.getResponse().getStatus()).as(key).isEqualTo(200);
            assertThat(r.getResponse().getContentAsString()).contains("412.19145728412116");
        }
    }

    @Test
    void everyApiPathIsGuardedNotOnlyTheKnownOnes() throws Exception {
        ApiCalls.problem(mvc.perform(get("/api/v2/anything")).andReturn(), 401, "unauthorized");
    }

    @Test
    void healthInfoPrometheusAndApiDocsNeedNoKey() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/info",
                "/actuator/prometheus", "/v3/api-docs", "/swagger-ui.html"}) {
            int status = mvc.perform(get(path)).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isIn(200, 302);
        }
    }
}
