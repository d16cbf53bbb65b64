package dev.adjoint.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code docs/openapi.json} is written by this test when {@code -Dopenapi.snapshot.write=true} is set
 * ({@code scripts/openapi-snapshot.sh}); in every run the committed file must be a document in the
 * canonical form of {@link OpenApiSnapshot}, with the API's own paths and none of the framework's.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiSnapshotTest {

    @Autowired
    MockMvc mvc;

    @Test
    void theCommittedDocumentIsCanonicalAndDescribesTheApi() throws Exception {
        if (Boolean.getBoolean(OpenApiSnapshot.WRITE_PROPERTY)) {
            MvcResult served = mvc.perform(get("/v3/api-docs")).andReturn();
            assertThat(served.getResponse().getStatus()).isEqualTo(200);
            Files.writeString(OpenApiSnapshot.FILE, OpenApiSnapshot.canonical(served.getResponse().getContentAsString()),
                    StandardCharsets.UTF_8);
        }
        String committed = Files.readString(OpenApiSnapshot.FILE, StandardCharsets.UTF_8);
        assertThat(OpenApiSnapshot.canonical(committed)).as("docs/openapi.json is not in canonical form; run scripts/openapi-snapshot.sh")
                .isEqualTo(committed);
        var document = Json.parse(committed);
        assertThat(document.path("openapi").asString()).startsWith("3.1");
        assertThat(document.has("servers")).isFalse();
        assertThat(document.path("paths").propertyNames()).contains("/api/v1/expressions/gradient", "/api/v1/networks/gradient")
                .noneMatch(path -> path.startsWith("/error"));
        assertThat(document.path("components").path("securitySchemes").path("ApiKey").path("name").asString()).isEqualTo("X-API-Key");
    }

    @Test
    void theServedDocumentHidesErrorAndNamesTheApiKeyOnEveryApiOperation() throws Exception {
        var document = Json.parse(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        var scheme = document.path("components").path("securitySchemes").path("ApiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("X-API-Key");
        assertThat(scheme.path("description").asString()).contains("adjoint.security.api-keys");
        int operations = 0;
        for (String path : document.path("paths").propertyNames()) {
            assertThat(path).startsWith("/api/v1/");
            for (var operation : document.path("paths").path(path)) {
                assertThat(operation.path("security").toString()).as(path).isEqualTo("[{\"ApiKey\":[]}]");
                operations++;
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(13);
    }

    /** Generated clients name their methods after these (expressions.expressionGradient(...)), so they are part of the contract. */
    @Test
    void everyOperationIdReadsLikeAMethodName() throws Exception {
        var document = Json.parse(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        java.util.Map<String, String> ids = new java.util.TreeMap<>();
        for (String path : document.path("paths").propertyNames()) {
            document.path("paths").path(path).properties().forEach(op -> ids.put(op.getKey() + " " + path, op.getValue().path("operationId").asString()));
        }
        assertThat(ids).isEqualTo(java.util.Map.ofEntries(
                java.util.Map.entry("post /api/v1/batch", "batch"),
                java.util.Map.entry("post /api/v1/expressions/check", "expressionCheck"),
                java.util.Map.entry("post /api/v1/expressions/derivative", "expressionDerivative"),
                java.util.Map.entry("post /api/v1/expressions/gradient", "expressionGradient"),
                java.util.Map.entry("post /api/v1/expressions/graph", "expressionGraph"),
                java.util.Map.entry("post /api/v1/expressions/hessian", "expressionHessian"),
                java.util.Map.entry("post /api/v1/expressions/instances", "expressionInstances"),
                java.util.Map.entry("post /api/v1/expressions/jacobian", "expressionJacobian"),
                java.util.Map.entry("post /api/v1/expressions/jvp", "expressionJvp"),
                java.util.Map.entry("post /api/v1/networks/check", "networkCheck"),
                java.util.Map.entry("post /api/v1/networks/gradient", "networkGradient"),
                java.util.Map.entry("post /api/v1/networks/graph", "networkGraph"),
                java.util.Map.entry("post /api/v1/networks/train", "networkTrain")));
        assertThat(ids.values()).allMatch(id -> id.matches("[a-z][a-zA-Z0-9]*"));
    }
}
