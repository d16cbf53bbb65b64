package dev.adjoint.web.access;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;

/** Browser front-ends on the configured origins may call the API; others get no CORS grant. Keys are on, to show a preflight never needs one. */
@SpringBootTest(properties = {"adjoint.cors.allowed-origins=https://tutor.example.org,http://localhost:[*]",
        "adjoint.security.api-keys=k-123"})
@AutoConfigureMockMvc
class CorsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutAKey() throws Exception {
        MvcResult r = mvc.perform(options(ApiCalls.GRADIENT)
                .header(HttpHeaders.ORIGIN, "https://tutor.example.org")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-api-key")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("https://tutor.example.org");
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)).contains("POST");
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)).containsIgnoringCase("x-api-key");
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE)).isEqualTo("1800");
    }

    @Test
    void localhostOnAnyPortIsAllowed() throws Exception {
        MvcResult r = mvc.perform(options(ApiCalls.GRADIENT)
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("http://localhost:5173");
    }

    @Test
    void preflightFromAnotherOriginIsRefused() throws Exception {
        MvcResult r = mvc.perform(options(ApiCalls.GRADIENT)
                .header(HttpHeaders.ORIGIN, "https://evil.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
    }

    @Test
    void actualCallCarriesTheGrantAndExposesRetryAfter() throws Exception {
        MvcResult r = mvc.perform(ApiCalls.example1().header("X-API-Key", "k-123")
                .header(HttpHeaders.ORIGIN, "https://tutor.example.org")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("https://tutor.example.org");
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS)).contains("Retry-After");
    }

    @Test
    void refusalStillCarriesTheGrantSoTheBrowserCanReadIt() throws Exception {
        MvcResult r = mvc.perform(ApiCalls.example1().header(HttpHeaders.ORIGIN, "https://tutor.example.org")).andReturn();
        ApiCalls.problem(r, 401, "unauthorized");
        assertThat(r.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("https://tutor.example.org");
    }
}
