package dev.adjoint.web.problems;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every operation's error responses in the OpenAPI document, as they can happen for that operation:
 * each an {@code application/problem+json} {@code Problem} ({@link ProblemSchema}) with a description
 * naming the problem types of that status. Every API call can meet the body filters (413 bodyBytes,
 * 408), the JSON reader (400 malformed-body, 415), admission and the deadline (503), and, when
 * configured, API keys (401) and the rate limit (429). The text of expressions and programs adds
 * 400 syntax-error; what the compiler or the network check refuses is a 422 (never for a batch, whose
 * items carry their own statuses); the graph pictures are negotiated by Accept (406).
 */
public final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM = "#/components/schemas/Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** Paths whose body holds an expression or a program: their text can fail to parse. */
    private static final Set<String> TEXT = Set.of("/api/v1/expressions/gradient", "/api/v1/expressions/check",
            "/api/v1/expressions/graph", "/api/v1/expressions/instances", "/api/v1/expressions/jacobian",
            "/api/v1/expressions/hessian", "/api/v1/expressions/jvp", "/api/v1/expressions/derivative");
    private static final Set<String> PICTURES = Set.of("/api/v1/expressions/graph", "/api/v1/networks/graph");
    private static final String BATCH = "/api/v1/batch";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        ModelConverters.getInstance(true).readAll(new AnnotatedType(ProblemSchema.class)).forEach(components::addSchemas);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> document(path, operation));
            }
        });
    }

    private static void document(String path, Operation operation) {
        boolean text = TEXT.contains(path);
        boolean batch = path.equals(BATCH);
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "The request is not one this endpoint reads: malformed-body (not JSON, a field of the wrong type or unknown: "
                + "path, line, column), invalid-request (missing or conflicting fields: errors[].path, errors[].message)"
                + (text ? ", syntax-error (the expression or program does not parse: position, line, column, token, and errors[] "
                + "with every syntax problem found)" : "")
                + " or malformed-url");
        errors.put("401", "unauthorized: the server is configured with API keys and the X-API-Key header holds none of them");
        if (PICTURES.contains(path)) {
            errors.put("406", "The Accept header names no picture format this endpoint writes (SVG, Graphviz DOT, Mermaid, text)");
        }
        errors.put("408", "body-timeout: the request body did not arrive within the server's read timeout; the connection is closed");
        errors.put("413", "limit-exceeded: the request is over a configured limit (name, limit, actual); name is e.g. "
                + (batch ? "bodyBytes or batchItems"
                : path.contains("/networks/") ? "bodyBytes, parameters, activations, examples, epochs or trainingWork"
                : "bodyBytes, expressionLength, depth, bindings, bindingElements, nodes, graphElements or verificationWork")
                + (PICTURES.contains(path) ? ", or drawnNodes for a picture" : ""));
        errors.put("415", "The body is not sent as Content-Type: application/json");
        if (!batch) {
            errors.put("422", "not-computable: the request is well-formed but cannot be computed ("
                    + (path.contains("/networks/") ? "the network's layers, loss and examples do not fit together: errors[] lists every "
                    + "problem with its path" : "an unbound variable, an unknown function, a wrong number of arguments, shapes that do not "
                    + "fit, an unknown wrt or output: errors[] with code, message, name, suggestion, position, line, column or path") + ")");
        }
        errors.put("429", "too-many-requests: over the configured requests per minute for this key or address (retryAfterSeconds, "
                + "and the Retry-After header)");
        errors.put("503", "overloaded (the server is busy; name concurrentWork) or deadline-exceeded (the computation took longer than "
                + "the request time limit; name requestTime): limit, actual, retryAfterSeconds and the Retry-After header");
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        operation.setResponses(responses);
        errors.forEach((status, description) -> responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM))))));
    }
}
