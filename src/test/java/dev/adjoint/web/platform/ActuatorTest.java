package dev.adjoint.web.platform;

import dev.adjoint.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The operations surface: health with its probe groups, info, prometheus; nothing else of actuator. */
@SpringBootTest
@AutoConfigureMockMvc
class ActuatorTest {

    @Autowired
    MockMvc mvc;

    @Test
    void healthAndItsLivenessAndReadinessGroupsAreUp() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            MvcResult r = mvc.perform(get(path)).andReturn();
            assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
            assertThat(Json.parse(r.getResponse().getContentAsString()).get("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void infoGivesTheVersionAndTheGitCommit() throws Exception {
        MvcResult r = mvc.perform(get("/actuator/info")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode info = Json.parse(r.getResponse().getContentAsString());
        assertThat(info.at("/build/version").asString()).isNotBlank();
        assertThat(info.at("/build/artifact").asString()).isEqualTo("adjoint");
        // git.properties is generated whenever the build runs in a clone (CI's case).
        assertThat(info.at("/git/commit/id").asString()).matches("[0-9a-f]{7,40}");
    }

    @Test
    void prometheusHasPerEndpointRequestTimersAndComputedNodes() throws Exception {
        double nodesBefore = counter(scrape(), "adjoint_nodes_computed_total");
        MvcResult call = mvc.perform(post("/api/v1/expressions/gradient").contentType(MediaType.APPLICATION_JSON)
                .content(OpenApiExamples.EXAMPLE_1_EXPRESSION)).andReturn();
        assertThat(call.getResponse().getStatus()).isEqualTo(200);
        int nodes = Json.parse(call.getResponse().getContentAsString()).get("nodes").size();

        String scrape = scrape();
        assertThat(scrape).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/expressions/gradient\"[^}]*\\} [1-9]");
        assertThat(scrape).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/expressions/gradient\"");
        assertThat(counter(scrape, "adjoint_nodes_computed_total") - nodesBefore).isEqualTo(nodes);
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() throws Exception {
        for (String path : new String[] {"/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/configprops",
                "/actuator/loggers", "/actuator/heapdump", "/actuator/threaddump", "/actuator/shutdown", "/actuator/mappings"}) {
            assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus()).as(path).isEqualTo(404);
        }
    }

    private String scrape() throws Exception {
        MvcResult r = mvc.perform(get("/actuator/prometheus")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsString();
    }

    private static double counter(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
