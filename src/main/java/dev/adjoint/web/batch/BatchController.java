package dev.adjoint.web.batch;

import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.web.admission.Cost;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
import dev.adjoint.web.problems.InvalidRequestException;
import dev.adjoint.web.platform.LimitsProperties;
import dev.adjoint.web.platform.OpenApiExamples;
import dev.adjoint.web.problems.ProblemMapper;
import dev.adjoint.web.problems.Problems;
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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final JsonMapper json;
    private final FrontDoor frontDoor;
    /** By path, sorted, so the list a wrong path is answered with reads the same on every start. */
    private final Map<String, BatchRoute<?>> endpoints = new TreeMap<>();

    /** An item read and costed, ready to run; or already answered (a bad path or body, a limit). */
    private record Prepared(BatchRoute<?> endpoint, Object request, Cost cost, BatchResponse.Result answered) {
    }

    BatchController(JsonMapper json, LimitsProperties limits, FrontDoor frontDoor, List<BatchRoutes> controllers) {
        this.limits = limits;
        this.json = json;
        this.frontDoor = frontDoor;
        for (BatchRoutes controller : controllers) {
            for (BatchRoute<?> route : controller.batchRoutes()) {
                if (endpoints.put(route.path(), route) != null) {
                    throw new IllegalStateException("two batch routes for " + route.path());
                }
            }
        }
    }

    /**
     * The body is read as text: each item's body is then read from its own span of that text, as
     * the same request alone would be, so a malformed item has the same problem, {@code line},
     * {@code column} and message as that request would (counted from the item body's first character).
     */
    @Operation(operationId = "batch", summary = "Answer many requests in one call; each result has its own status and body",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BatchRequest.class),
                    examples = @ExampleObject(name = "Two submissions, one right, and a bad request",
                            value = OpenApiExamples.BATCH))))
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = BatchResponse.class)))
    @PostMapping(path = "/api/v1/batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> batch(@RequestBody String text) {
        // The plain shape (every item a path and an object body) is read in one pass; when every
        // item is then ready to run, that is the batch. Anything else is read as before, so an
        // unusual or bad body gets exactly the problems it always had.
        BatchEnvelope plain = BatchEnvelope.scan(text, limits.maxBatchItems());
        if (plain != null) {
            Prepared[] prepared = prepareAll(plain.items, plain.bodies);
            if (Arrays.stream(prepared).allMatch(p -> p.answered() == null)) {
                return answerAll(plain.items, prepared);
            }
        }
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
        return answerAll(items, prepareAll(items, bodies));
    }

    /**
     * Read and cost every item first: the batch is admitted (and rate-limited) as the sum of its
     * items, so 2 000 items are not one token, and 16 heavy items are not one small request.
     * Reading an item is independent of the others, so it runs on both cores as answering does.
     */
    private Prepared[] prepareAll(List<BatchRequest.Item> items, String[] bodies) {
        Prepared[] prepared = new Prepared[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            prepared[i] = prepare(items.get(i), bodies[i], i);
            bodies[i] = null; // read: its text is garbage now, not a survivor of the next young collection
        });
        return prepared;
    }

    private ResponseEntity<Object> answerAll(List<BatchRequest.Item> items, Prepared[] prepared) {
        Cost total = Cost.NONE;
        for (Prepared p : prepared) {
            total = total.plus(p.cost());
        }
        byte[] answer = frontDoor.run(total, ticket -> {
            Ticket within = Ticket.within(ticket.deadline());
            byte[][] results = new byte[items.size()][];
            // Items are independent and each is deterministic, so answering them on both cores changes
            // no bit; each result is written out where it is made, so the writing is shared too.
            IntStream.range(0, items.size()).parallel().forEach(i -> {
                results[i] = written(answer(prepared[i], items.get(i), i, within));
                // Answered: the request is garbage now. What a batch holds while it runs survives each young
                // collection in it, and with the run options' 64 MB heap most of it is promoted, which brings
                // the full collections (BENCHMARKS "Issue 16, third pass").
                prepared[i] = null;
            });
            return join(results);
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    /** One result as Jackson writes it inside {@link BatchResponse}'s list. */
    private byte[] written(BatchResponse.Result result) {
        return json.writeValueAsBytes(result);
    }

    private static final byte[] RESULTS_START = "{\"results\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESULTS_END = "]}".getBytes(StandardCharsets.UTF_8);

    /**
     * {@code {"results":[r0,r1,...]}}: the bytes Jackson writes for a {@link BatchResponse} of these
     * results, its compact form ({@code BatchControllerWritingTest} holds the two equal).
     */
    static byte[] join(byte[][] results) {
        int size = RESULTS_START.length + RESULTS_END.length + Math.max(0, results.length - 1);
        for (byte[] r : results) {
            size += r.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(RESULTS_START, 0, out, 0, RESULTS_START.length);
        int at = RESULTS_START.length;
        for (int i = 0; i < results.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            System.arraycopy(results[i], 0, out, at, results[i].length);
            at += results[i].length;
        }
        System.arraycopy(RESULTS_END, 0, out, at, RESULTS_END.length);
        return out;
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

    private Prepared prepare(BatchRequest.Item item, String body, int index) {
        Cost oneToken = new Cost(0, 1);
        if (item == null || item.path() == null || item.path().isBlank()) {
            String path = "requests[" + index + "]" + (item == null ? "" : ".path");
            return answered(problem(ProblemMapper.of(new InvalidRequestException(path, path + " is missing; give the endpoint,"
                    + " e.g. /api/v1/expressions/gradient")), null), oneToken);
        }
        String path = item.path().startsWith(PREFIX) ? item.path().substring(PREFIX.length()) : item.path().replaceFirst("^/", "");
        BatchRoute<?> endpoint = endpoints.get(path);
        if (endpoint == null) {
            return answered(problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no endpoint " + item.path()
                    + " takes batch items; use one of " + String.join(", ", endpoints.keySet().stream().map(p -> PREFIX + p).toList())), item.path()), oneToken);
        }
        if (body == null) {
            // As the request alone with no body.
            return answered(problem(Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "the request has no body; send a JSON object"), item.path()), oneToken);
        }
        try {
            Object request = json.readValue(body, endpoint.type());
            return new Prepared(endpoint, request, endpoint.costOf(request), null);
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
            return new BatchResponse.Result(200, prepared.endpoint().answer(prepared.request(), ticket));
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
