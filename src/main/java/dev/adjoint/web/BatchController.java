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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
    private final Map<String, Function<JsonNode, Object>> endpoints = new LinkedHashMap<>();

    BatchController(JsonMapper json, LimitsProperties limits, ExpressionController expressions, NetworkController networks,
                    List<BatchRoutes> more) {
        this.json = json;
        this.limits = limits;
        endpoints.put("expressions/gradient", body -> expressions.gradient(json.treeToValue(body, ExpressionRequest.class)));
        endpoints.put("expressions/check", body -> expressions.check(json.treeToValue(body, ExpressionCheckRequest.class)));
        endpoints.put("networks/gradient", body -> networks.gradient(json.treeToValue(body, NetworkRequest.class)));
        endpoints.put("networks/check", body -> networks.check(json.treeToValue(body, NetworkCheckRequest.class)));
        endpoints.put("networks/train", body -> networks.train(json.treeToValue(body, TrainRequest.class)));
        more.forEach(routes -> endpoints.putAll(routes.batchRoutes(json)));
    }

    @Operation(summary = "Answer many requests in one call; each result has its own status and body",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Two submissions, one right, and a bad request",
                            value = OpenApiExamples.BATCH))))
    @PostMapping(path = "/api/v1/batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    BatchResponse batch(@RequestBody BatchRequest request) {
        List<BatchRequest.Item> items = request.requests();
        if (items == null) {
            throw new InvalidRequestException("requests", "send \"requests\": a list of {\"path\": ..., \"body\": ...}");
        }
        if (items.size() > limits.maxBatchItems()) {
            throw new dev.adjoint.autodiff.LimitExceededException("batchItems", limits.maxBatchItems(), items.size(),
                    "the batch has " + items.size() + " requests; the limit is " + limits.maxBatchItems());
        }
        BatchResponse.Result[] results = new BatchResponse.Result[items.size()];
        // Items are independent and each is deterministic, so answering them on both cores changes no bit.
        IntStream.range(0, items.size()).parallel().forEach(i -> results[i] = answer(items.get(i), i));
        return new BatchResponse(Arrays.asList(results));
    }

    private BatchResponse.Result answer(BatchRequest.Item item, int index) {
        if (item == null || item.path() == null) {
            return problem(Problems.INVALID_REQUEST.detail(HttpStatus.BAD_REQUEST, "requests[" + index + "] needs a path, e.g. /api/v1/expressions/gradient"), null);
        }
        String path = item.path().startsWith(PREFIX) ? item.path().substring(PREFIX.length()) : item.path().replaceFirst("^/", "");
        Function<JsonNode, Object> endpoint = endpoints.get(path);
        if (endpoint == null) {
            return problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no endpoint " + item.path()
                    + " takes batch items; use one of " + String.join(", ", endpoints.keySet().stream().map(p -> PREFIX + p).toList())), item.path());
        }
        if (item.body() == null || !item.body().isObject()) {
            return problem(Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "requests[" + index + "].body must be a JSON object"), item.path());
        }
        try {
            return new BatchResponse.Result(200, endpoint.apply(item.body()));
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
