package dev.adjoint.web;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.grading.Diagnosis;
import dev.adjoint.grading.Verdict;
import dev.adjoint.network.Activation;
import dev.adjoint.network.Loss;
import dev.adjoint.network.WeightLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The served OpenAPI document ({@code /v3/api-docs}) is one a client can be generated from and a
 * newcomer can read: every schema and property described, properties with examples, one schema per
 * purpose, the enums of the core as enums, numbers that can be non-finite as {@code Real}s, every
 * operation with its error responses; and it is the committed {@code docs/openapi.json}.
 * {@link OpenApiAnswersTest} checks that real answers and problems are what the schemas say.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiDocumentTest {

    private static final String REGENERATE = "scripts/openapi-snapshot.sh";

    @Autowired
    MockMvc mvc;

    private String served;
    private JsonNode document;
    private JsonNode schemas;

    @BeforeEach
    void readTheServedDocument() throws Exception {
        var response = mvc.perform(get("/v3/api-docs")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        served = response.getContentAsString(StandardCharsets.UTF_8);
        document = Json.parse(served);
        schemas = document.path("components").path("schemas");
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        String committed = Files.readString(OpenApiSnapshot.FILE, StandardCharsets.UTF_8);
        assertThat(firstDifference(committed, OpenApiSnapshot.canonical(served)))
                .as("the served /v3/api-docs differs from docs/openapi.json: run " + REGENERATE + " and commit docs/openapi.json")
                .isEmpty();
    }

    /** Where two documents part, as a few lines of each (the whole documents would be thousands of lines); empty when equal. */
    private static String firstDifference(String committed, String served) {
        String[] a = committed.split("\n", -1);
        String[] b = served.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>";
            String y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) {
                int from = Math.max(0, i - 3);
                return "line " + (i + 1) + ":\n  docs/openapi.json: " + String.join("\n    ", Arrays.asList(a).subList(from, Math.min(a.length, i + 3)))
                        + "\n  served:            " + String.join("\n    ", Arrays.asList(b).subList(from, Math.min(b.length, i + 3)));
            }
        }
        return "";
    }

    @Test
    void everySchemaAndPropertyIsDescribedWithAnExample() {
        List<String> missing = new ArrayList<>();
        for (String name : schemas.propertyNames()) {
            JsonNode schema = schemas.path(name);
            if (schema.path("description").asString("").isBlank()) {
                missing.add(name + ": no description");
            }
            for (String property : schema.path("properties").propertyNames()) {
                JsonNode p = schema.path("properties").path(property);
                if (p.path("description").asString("").isBlank()) {
                    missing.add(name + "." + property + ": no description");
                }
                if (!p.has("example") && !isObjects(p)) {
                    missing.add(name + "." + property + ": no example");
                }
            }
        }
        assertThat(missing).as("schemas and properties without a description or an example").isEmpty();
        assertThat(schemas.size()).isGreaterThanOrEqualTo(50);
    }

    /** A property made of documented objects (one, a list or a map of them) has its examples on those objects. */
    private boolean isObjects(JsonNode property) {
        JsonNode inner = property.has("items") ? property.path("items")
                : property.path("additionalProperties").isObject() ? property.path("additionalProperties") : property;
        String ref = inner.path("$ref").asString("");
        return ref.startsWith("#/components/schemas/") && schemas.path(ref.substring("#/components/schemas/".length())).has("properties");
    }

    @Test
    void everySchemaHasOneNameAndOnePurpose() {
        List<String> names = new ArrayList<>(schemas.propertyNames());
        assertThat(names).as("schema names as generated for a second type of the same simple name, or for framework types")
                .allMatch(n -> n.matches("[A-Z][A-Za-z0-9]*") && !n.matches(".*\\d$"))
                .doesNotContain("Item", "Node", "Result", "Test", "Error", "Element", "Layer", "JsonNode", "SseEmitter", "Object");
        Map<Set<String>, List<String>> byProperties = new HashMap<>();
        for (String name : names) {
            Set<String> properties = new TreeSet<>(schemas.path(name).path("properties").propertyNames());
            if (!properties.isEmpty()) {
                byProperties.computeIfAbsent(properties, k -> new ArrayList<>()).add(name);
            }
        }
        assertThat(byProperties.values()).as("schemas with the same properties serve one purpose: make them one")
                .allMatch(same -> same.size() == 1);
        // the purposes #15 found merged: each now has its own schema with its own fields
        assertThat(properties("CheckedItem")).contains("path", "verdict", "expected", "submitted");
        assertThat(properties("BatchItem")).containsExactlyInAnyOrder("path", "body");
        assertThat(properties("ExpressionNode")).contains("kind", "expression", "shape", "value", "gradient");
        assertThat(properties("NetworkNode")).contains("expression", "value", "gradient").doesNotContain("kind");
        assertThat(properties("JvpNode")).contains("kind", "tangent");
        assertThat(ref("BatchRequest", "requests")).isEqualTo("BatchItem");
        assertThat(ref("CheckResponse", "results")).isEqualTo("CheckedItem");
    }

    @Test
    void theCoresEnumsAreEnumsWithTheWireNames() {
        assertThat(enumOf("CheckedItem", "verdict")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Verdict.values()).map(Verdict::wireName).toList());
        assertThat(enumOf("LikelyMistake", "kind")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Diagnosis.Kind.values()).map(Diagnosis.Kind::wireName).toList());
        assertThat(enumOf("LayerRequest", "activation")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Activation.values()).map(Activation::wireName).toList());
        List<String> kinds = Arrays.stream(Graph.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
        assertThat(enumOf("ExpressionNode", "kind")).containsExactlyInAnyOrderElementsOf(kinds);
        assertThat(enumOf("JvpNode", "kind")).containsExactlyInAnyOrderElementsOf(kinds);
        List<String> losses = Arrays.stream(Loss.values()).map(Loss::wireName).toList();
        List<String> layouts = Arrays.stream(WeightLayout.values()).map(WeightLayout::wireName).toList();
        for (String request : List.of("NetworkRequest", "NetworkCheckRequest", "TrainRequest")) {
            assertThat(enumOf(request, "loss")).as(request).containsExactlyInAnyOrderElementsOf(losses);
            assertThat(enumOf(request, "weightLayout")).as(request).containsExactlyInAnyOrderElementsOf(layouts);
        }
        assertThat(enumOf("TrainRequest", "order")).containsExactlyInAnyOrder("given", "shuffled");
        assertThat(enumOf("ExpressionCheckRequest", "format")).containsExactlyInAnyOrder("adjoint", "gradescope", "prairielearn");
        assertThat(enumOf("NetworkCheckRequest", "format")).containsExactlyInAnyOrder("adjoint", "gradescope", "prairielearn");
        assertThat(enumOf("JacobianResponse", "mode")).containsExactlyInAnyOrder("reverse", "forward");
        assertThat(enumOf("GradescopeTest", "status")).containsExactlyInAnyOrder("passed", "failed");
    }

    @Test
    void numbersThatCanBeNonFiniteAreReals() {
        JsonNode real = schemas.path("Real");
        assertThat(real.path("oneOf").toString()).contains("\"type\":\"number\"");
        assertThat(Json.MAPPER.convertValue(real.path("oneOf").get(1).path("enum"), List.class))
                .containsExactly("NaN", "Infinity", "-Infinity");
        List<String> tensor = new ArrayList<>();
        schemas.path("Tensor").path("oneOf").forEach(option -> tensor.add(option.path("$ref").asString()));
        assertThat(tensor).containsExactly(
                "#/components/schemas/Real", "#/components/schemas/Vector", "#/components/schemas/Matrix");
        assertThat(schemas.path("Vector").path("items").path("$ref").asString()).isEqualTo("#/components/schemas/Real");
        assertThat(schemas.path("Matrix").path("items").path("$ref").asString()).isEqualTo("#/components/schemas/Vector");
        Map<String, String> numbers = Map.ofEntries(
                Map.entry("GradientResponse.value", "Real"), Map.entry("HessianResponse.value", "Real"),
                Map.entry("NetworkResponse.loss", "Real"), Map.entry("VerifiedElement.analytic", "Real"),
                Map.entry("VerifiedElement.numeric", "Real"), Map.entry("ElementError.expected", "Real"),
                Map.entry("Counterexample.submitted", "Real"), Map.entry("CheckedItem.absoluteError", "Real"),
                Map.entry("ExpressionNode.value", "Tensor"), Map.entry("ExpressionNode.gradient", "Tensor"),
                Map.entry("BackwardStep.gradient", "Tensor"), Map.entry("BackwardTerm.contribution", "Tensor"),
                Map.entry("NetworkNode.value", "Tensor"), Map.entry("JvpResponse.tangent", "Tensor"),
                Map.entry("NetworkResponse.predictions", "Matrix"), Map.entry("LayerWeights.weights", "Matrix"),
                Map.entry("LayerWeights.bias", "Vector"), Map.entry("TrainResponse.epochLosses", "Vector"),
                Map.entry("HessianResponse.hessian", "Matrix"), Map.entry("ExampleRequest.x", "Vector"));
        numbers.forEach((property, schema) -> {
            String[] at = property.split("\\.");
            JsonNode p = schemas.path(at[0]).path("properties").path(at[1]);
            assertThat(p.path("$ref").asString()).as(property).isEqualTo("#/components/schemas/" + schema);
            assertThat(p.has("type") || p.has("items")).as(property + " beside its $ref narrows it").isFalse();
        });
        for (String map : List.of("GradientResponse.gradient", "HessianResponse.gradient", "ExpressionRequest.bindings", "JvpRequest.tangents")) {
            String[] at = map.split("\\.");
            assertThat(schemas.path(at[0]).path("properties").path(at[1]).path("additionalProperties").path("$ref").asString())
                    .as(map).isEqualTo("#/components/schemas/Tensor");
        }
    }

    @Test
    void everyOperationHasAMethodLikeIdAndDocumentsItsErrors() {
        Set<String> ids = new TreeSet<>();
        int operations = 0;
        for (String path : document.path("paths").propertyNames()) {
            for (String method : document.path("paths").path(path).propertyNames()) {
                JsonNode operation = document.path("paths").path(path).path(method);
                String where = method + " " + path;
                operations++;
                String id = operation.path("operationId").asString("");
                assertThat(id).as(where).matches("[a-z][a-zA-Z0-9]*");
                assertThat(ids.add(id)).as(where + ": operationId " + id + " is used twice").isTrue();
                JsonNode responses = operation.path("responses");
                Set<String> expected = new TreeSet<>(Set.of("200", "400", "401", "408", "413", "415", "429", "503"));
                if (!path.equals("/api/v1/batch")) {
                    expected.add("422"); // a batch's items carry their own 422s, inside a 200
                }
                if (path.endsWith("/graph")) {
                    expected.add("406"); // the picture format is chosen by Accept
                }
                assertThat(new TreeSet<>(responses.propertyNames())).as(where).isEqualTo(expected);
                for (String status : responses.propertyNames()) {
                    JsonNode response = responses.path(status);
                    assertThat(response.path("description").asString("")).as(where + " " + status).isNotBlank();
                    if (!status.equals("200")) {
                        assertThat(response.path("content").propertyNames()).as(where + " " + status).containsExactly("application/problem+json");
                        assertThat(response.path("content").path("application/problem+json").path("schema").path("$ref").asString())
                                .as(where + " " + status).isEqualTo("#/components/schemas/Problem");
                    }
                }
                if (path.equals("/api/v1/expressions/gradient") || path.contains("/expressions/check") || path.endsWith("/jvp")) {
                    assertThat(responses.path("400").path("description").asString()).as(where).contains("syntax-error");
                }
            }
        }
        assertThat(operations).isEqualTo(13);
    }

    @Test
    void theProblemSchemaHasRfc9457sMembersAndOurs() {
        assertThat(properties("Problem")).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance",
                "errors", "position", "line", "column", "token", "path", "name", "limit", "actual", "retryAfterSeconds");
        assertThat(ref("Problem", "errors")).isEqualTo("ProblemError");
        assertThat(properties("ProblemError")).containsExactlyInAnyOrder("message", "code", "path", "name", "suggestion",
                "position", "line", "column", "token");
        assertThat(Json.MAPPER.convertValue(schemas.path("Problem").path("required"), List.class)).containsExactlyInAnyOrder("title", "status");
    }

    @Test
    void everyEndpointKeepsItsSwaggerExamples() {
        Map<String, Integer> examples = new TreeMap<>();
        for (String path : document.path("paths").propertyNames()) {
            JsonNode content = document.path("paths").path(path).path("post").path("requestBody").path("content").path("application/json");
            examples.put(path, content.path("examples").size());
        }
        assertThat(examples).as("request examples per endpoint").allSatisfy((path, count) -> assertThat(count).as(path).isPositive());
        JsonNode hessian = document.path("paths").path("/api/v1/expressions/hessian").path("post").path("requestBody")
                .path("content").path("application/json").path("examples");
        assertThat(hessian.propertyNames()).anyMatch(name -> name.startsWith("Example 1"));
        JsonNode gradient = document.path("paths").path("/api/v1/expressions/gradient").path("post").path("requestBody")
                .path("content").path("application/json").path("examples");
        assertThat(gradient.propertyNames()).contains("Example 1 (expression)", "Example 1 (program)", "Example 2 (program with tensors)");
    }

    private Set<String> properties(String schema) {
        assertThat(schemas.has(schema)).as("schema " + schema).isTrue();
        return new TreeSet<>(schemas.path(schema).path("properties").propertyNames());
    }

    /** The schema a property refers to, directly or as a list's items. */
    private String ref(String schema, String property) {
        JsonNode p = schemas.path(schema).path("properties").path(property);
        String ref = p.has("items") ? p.path("items").path("$ref").asString("") : p.path("$ref").asString("");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private List<String> enumOf(String schema, String property) {
        JsonNode values = schemas.path(schema).path("properties").path(property).path("enum");
        assertThat(values.isArray()).as(schema + "." + property + " is an enum").isTrue();
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asString()));
        return out.stream().sorted().collect(Collectors.toList());
    }
}
