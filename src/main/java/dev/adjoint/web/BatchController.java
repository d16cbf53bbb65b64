package dev.adjoint.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Many requests in one call (a class's submissions, say): each item goes to the same controller
 * method as the request alone would, and gets the same status and body, errors included.
 */
@RestController
@Tag(name = "Batch", description = "Many requests in one call, answered in order")
class BatchController {

    private static final Logger log = LoggerFactory.getLogger(BatchController.class);
    private static final String PREFIX = "/api/v1/";

    private final JsonMapper json;
    private final LimitsProperties limits;
    private final Map<String, Function<String, Object>> endpoints = new LinkedHashMap<>();

    BatchController(JsonMapper json, LimitsProperties limits, ExpressionController expressions, NetworkController networks) {
        this.json = json;
        this.limits = limits;
        endpoints.put("expressions/gradient", body -> expressions.gradient(json.readValue(body, ExpressionRequest.class)));
        endpoints.put("expressions/check", body -> expressions.check(json.readValue(body, ExpressionCheckRequest.class)));
        endpoints.put("networks/gradient", body -> networks.gradient(json.readValue(body, NetworkRequest.class)));
        endpoints.put("networks/check", body -> networks.check(json.readValue(body, NetworkCheckRequest.class)));
        endpoints.put("networks/train", body -> networks.train(json.readValue(body, TrainRequest.class)));
    }

    /**
     * The body is read as text: each item's body is then read from its own span of that text, as
     * the same request alone would be, so a malformed item has the same problem, {@code line},
     * {@code column} and message as that request would (counted from the item body's first character).
     */
    @Operation(summary = "Answer many requests in one call; each result has its own status and body",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BatchRequest.class),
                    examples = @ExampleObject(name = "Two submissions, one right, and a bad request",
                            value = OpenApiExamples.BATCH))))
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = BatchResponse.class)))
    @PostMapping(path = "/api/v1/batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> batch(@RequestBody String text) {
        BatchRequest request;
        String[] bodies;
        try {
            request = json.readValue(text, BatchRequest.class);
            bodies = request == null || request.requests() == null ? null : itemBodies(text, request.requests().size());
        } catch (JacksonException e) {
            ProblemDetail p = ProblemMapper.unreadable(e);
            p.setInstance(Problems.instance(PATH));
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        List<BatchRequest.Item> items = request == null ? null : request.requests();
        if (items == null) {
            throw new InvalidRequestException("requests", "send \"requests\": a list of {\"path\": ..., \"body\": ...}");
        }
        if (items.size() > limits.maxBatchItems()) {
            throw new dev.adjoint.autodiff.LimitExceededException("batchItems", limits.maxBatchItems(), items.size(),
                    "the batch has " + items.size() + " requests; the limit is " + limits.maxBatchItems());
        }
        BatchResponse.Result[] results = new BatchResponse.Result[items.size()];
        // Items are independent and each is deterministic, so answering them on both cores changes no bit.
        IntStream.range(0, items.size()).parallel().forEach(i -> results[i] = answer(items.get(i), bodies[i], i));
        return ResponseEntity.ok(new BatchResponse(Arrays.asList(results)));
    }

    private static final String PATH = "/api/v1/batch";

    /**
     * The text of each item's {@code body}, as sent (null where an item has none or is not an
     * object). The text has been read once already, so it is well-formed JSON here.
     */
    private String[] itemBodies(String text, int count) {
        String[] bodies = new String[count];
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return bodies;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"requests".equals(name) || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                int index = 0;
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken(), index++) {
                    if (item != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = p.currentName();
                        JsonToken start = p.nextToken();
                        int from = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        if ("body".equals(field) && start != JsonToken.VALUE_NULL && index < count) {
                            bodies[index] = text.substring(from, (int) p.currentLocation().getCharOffset());
                        }
                    }
                }
            }
        }
        return bodies;
    }

    private BatchResponse.Result answer(BatchRequest.Item item, String body, int index) {
        if (item == null || item.path() == null) {
            String path = "requests[" + index + "]" + (item == null ? "" : ".path");
            return problem(ProblemMapper.of(new InvalidRequestException(path, path + " is missing; give the endpoint,"
                    + " e.g. /api/v1/expressions/gradient")), null);
        }
        String path = item.path().startsWith(PREFIX) ? item.path().substring(PREFIX.length()) : item.path().replaceFirst("^/", "");
        Function<String, Object> endpoint = endpoints.get(path);
        if (endpoint == null) {
            return problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no endpoint " + item.path()
                    + " takes batch items; use one of " + String.join(", ", endpoints.keySet().stream().map(p -> PREFIX + p).toList())), item.path());
        }
        if (body == null) {
            // As the request alone with no body.
            return problem(Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "the request has no body; send a JSON object"), item.path());
        }
        try {
            return new BatchResponse.Result(200, endpoint.apply(body));
        } catch (JacksonException e) {
            return problem(ProblemMapper.unreadable(e), item.path());
        } catch (RuntimeException e) {
            ProblemDetail p = ProblemMapper.of(e);
            if (p == null) {
                log.error("unexpected failure on batch item {} ({})", index, item.path(), e);
                p = Problems.INTERNAL_ERROR.detail(HttpStatus.INTERNAL_SERVER_ERROR, "the server failed on this item; the failure is logged");
            }
            return problem(p, item.path());
        }
    }

    /** A problem as the plain JSON object a request alone would have received. */
    private static BatchResponse.Result problem(ProblemDetail p, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.getType() == null ? "about:blank" : p.getType().toString());
        body.put("title", p.getTitle() != null ? p.getTitle() : HttpStatus.valueOf(p.getStatus()).getReasonPhrase());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (p.getProperties() != null) {
            body.putAll(p.getProperties());
        }
        return new BatchResponse.Result(p.getStatus(), body);
    }
}
