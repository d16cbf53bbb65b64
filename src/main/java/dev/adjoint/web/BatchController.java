package dev.adjoint.web;

import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.web.admission.Cost;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
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
import java.util.function.BiFunction;
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

    private final LimitsProperties limits;
    private final FrontDoor frontDoor;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    /** One endpoint a batch item may name: how its body is read, what it costs, how it is answered. */
    private record Endpoint(Function<JsonNode, Object> read, Function<Object, Cost> cost, BiFunction<Object, Ticket, Object> answer) {
    }

    /** An item read and costed, ready to run; or already answered (a bad path or body, a limit). */
    private record Prepared(Endpoint endpoint, Object request, Cost cost, BatchResponse.Result answered) {
    }

    BatchController(JsonMapper json, LimitsProperties limits, FrontDoor frontDoor, RequestCosts costs,
                    ExpressionController expressions, NetworkController networks) {
        this.limits = limits;
        this.frontDoor = frontDoor;
        add("expressions/gradient", json, ExpressionRequest.class, costs::expression, expressions::gradient);
        add("expressions/check", json, ExpressionCheckRequest.class, r -> costs.expression(r.gradientRequest()), expressions::check);
        add("networks/gradient", json, NetworkRequest.class, costs::network, networks::gradient);
        add("networks/check", json, NetworkCheckRequest.class, r -> costs.network(r.gradientRequest()), networks::check);
        add("networks/train", json, TrainRequest.class, costs::training, networks::train);
    }

    private <R> void add(String path, JsonMapper json, Class<R> type, Function<R, Cost> cost, BiFunction<R, Ticket, Object> answer) {
        endpoints.put(path, new Endpoint(body -> json.treeToValue(body, type), r -> cost.apply(type.cast(r)),
                (r, ticket) -> answer.apply(type.cast(r), ticket)));
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
        // Read and cost every item first: the batch is admitted (and rate-limited) as the sum of its
        // items, so 2 000 items are not one token, and 16 heavy items are not one small request.
        // Reading an item is independent of the others, so it runs on both cores as answering does.
        Prepared[] prepared = new Prepared[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> prepared[i] = prepare(items.get(i), i));
        Cost total = Cost.NONE;
        for (Prepared p : prepared) {
            total = total.plus(p.cost());
        }
        return frontDoor.run(total, ticket -> {
            Ticket within = Ticket.within(ticket.deadline());
            BatchResponse.Result[] results = new BatchResponse.Result[items.size()];
            // Items are independent and each is deterministic, so answering them on both cores changes no bit.
            IntStream.range(0, items.size()).parallel().forEach(i -> results[i] = answer(prepared[i], items.get(i), i, within));
            return new BatchResponse(Arrays.asList(results));
        });
    }

    private Prepared prepare(BatchRequest.Item item, int index) {
        Cost oneToken = new Cost(0, 1);
        if (item == null || item.path() == null) {
            return answered(problem(Problems.INVALID_REQUEST.detail(HttpStatus.BAD_REQUEST, "requests[" + index + "] needs a path, e.g. /api/v1/expressions/gradient"), null), oneToken);
        }
        String path = item.path().startsWith(PREFIX) ? item.path().substring(PREFIX.length()) : item.path().replaceFirst("^/", "");
        Endpoint endpoint = endpoints.get(path);
        if (endpoint == null) {
            return answered(problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no endpoint " + item.path()
                    + " takes batch items; use one of " + String.join(", ", endpoints.keySet().stream().map(p -> PREFIX + p).toList())), item.path()), oneToken);
        }
        if (item.body() == null || !item.body().isObject()) {
            return answered(problem(Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "requests[" + index + "].body must be a JSON object"), item.path()), oneToken);
        }
        try {
            Object request = endpoint.read().apply(item.body());
            return new Prepared(endpoint, request, endpoint.cost().apply(request), null);
        } catch (JacksonException e) {
            return answered(problem(ProblemMapper.unreadable(e), item.path()), oneToken);
        } catch (RuntimeException e) {
            return answered(failure(e, index, item.path()), oneToken);
        }
    }

    private static Prepared answered(BatchResponse.Result result, Cost cost) {
        return new Prepared(null, null, cost, result);
    }

    private BatchResponse.Result answer(Prepared prepared, BatchRequest.Item item, int index, Ticket ticket) {
        if (prepared.answered() != null) {
            return prepared.answered();
        }
        ticket.deadline().check(); // past the batch's deadline the whole batch stops (503), not item by item
        try {
            return new BatchResponse.Result(200, prepared.endpoint().answer().apply(prepared.request(), ticket));
        } catch (DeadlineExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            return failure(e, index, item.path());
        }
    }

    private static BatchResponse.Result failure(RuntimeException e, int index, String path) {
        ProblemDetail p = ProblemMapper.of(e);
        if (p == null) {
            log.error("unexpected failure on batch item {} ({})", index, path, e);
            p = Problems.INTERNAL_ERROR.detail(HttpStatus.INTERNAL_SERVER_ERROR, "the server failed on this item; the failure is logged");
        }
        return problem(p, path);
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
