package dev.adjoint.web.networks;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.network.Example;
import dev.adjoint.network.Network;
import dev.adjoint.grading.Check;
import dev.adjoint.grading.Grader;
import dev.adjoint.network.NetworkGradients;
import dev.adjoint.network.NetworkResult;
import dev.adjoint.network.Trainer;
import dev.adjoint.network.TrainingPlan;
import dev.adjoint.network.TrainingResult;
import dev.adjoint.network.Violation;
import dev.adjoint.network.WeightLayout;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
import dev.adjoint.web.batch.BatchRoute;
import dev.adjoint.web.batch.BatchRoutes;
import dev.adjoint.web.grading.CheckResponse;
import dev.adjoint.web.platform.ComputeMetrics;
import dev.adjoint.web.expressions.GraphPictures;
import dev.adjoint.web.problems.InvalidRequestException;
import dev.adjoint.web.platform.LimitsProperties;
import dev.adjoint.web.platform.OpenApiExamples;
import dev.adjoint.web.grading.PlatformResults;
import dev.adjoint.web.platform.RequestCosts;
import dev.adjoint.web.grading.SubmissionChecks;
import dev.adjoint.web.grading.ToleranceRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

@RestController
@RequestMapping(path = "/api/v1/networks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Networks", description = "Gradients of a network's loss, and SGD training, through the same core")
class NetworkController implements BatchRoutes {

    private final LimitsProperties limits;
    private final ComputeMetrics metrics;
    private final RequestCosts costs;
    private final FrontDoor frontDoor;

    NetworkController(LimitsProperties limits, ComputeMetrics metrics, RequestCosts costs, FrontDoor frontDoor) {
        this.limits = limits;
        this.metrics = metrics;
        this.costs = costs;
        this.frontDoor = frontDoor;
    }

    @Override
    public List<BatchRoute<?>> batchRoutes() {
        return List.of(
                new BatchRoute<>("networks/gradient", NetworkRequest.class, costs::network, this::gradient),
                new BatchRoute<>("networks/check", NetworkCheckRequest.class, r -> costs.network(r.gradientRequest()), this::check),
                new BatchRoute<>("networks/train", TrainRequest.class, costs::training, this::train));
    }

    @Operation(operationId = "networkGradient", summary = "Loss, predictions, the gradient of every weight, bias and input, and the trace (x, W1, u1, z1, ..., J)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 2", summary = "The lecture note's 3-layer sigmoid network with binary cross-entropy",
                            value = OpenApiExamples.EXAMPLE_2))))
    @PostMapping(path = "/gradient", consumes = MediaType.APPLICATION_JSON_VALUE)
    NetworkResponse gradient(@RequestBody NetworkRequest request) {
        return frontDoor.run(costs.network(request), ticket -> gradient(request, ticket));
    }

    /** The gradient of an admitted request (also a batch item's, admitted with its batch). */
    NetworkResponse gradient(NetworkRequest request, Ticket ticket) {
        int verify = Boolean.TRUE.equals(request.verify()) ? limits.maxVerifiedElements() : 0;
        return NetworkResponse.of(compute(request, verify, ticket));
    }

    @Operation(operationId = "networkCheck", summary = "Grade a student's loss, predictions, weight/bias/input gradients and nodes; find the first wrong node",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "A transposed weight gradient", summary = "The student sent g_W1 transposed",
                                    value = OpenApiExamples.CHECK_TRANSPOSED),
                            @ExampleObject(name = "Gradescope results.json", summary = "format: gradescope, with points per item",
                                    value = OpenApiExamples.NETWORK_CHECK_GRADESCOPE)})))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The graded submission in the requested format",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @io.swagger.v3.oas.annotations.media.Schema(
                    oneOf = {CheckResponse.class, PlatformResults.GradescopeResults.class, PlatformResults.PrairieLearnResults.class})))
    @PostMapping(path = "/check", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object check(@RequestBody NetworkCheckRequest request) {
        return frontDoor.run(costs.network(request.gradientRequest()), ticket -> check(request, ticket));
    }

    Object check(NetworkCheckRequest request, Ticket ticket) {
        List<Violation> toleranceProblems = new ArrayList<>(); // listed with the network's own problems
        ToleranceRequest.problems(request.tolerance()).forEach((path, message) -> toleranceProblems.add(new Violation(path, message)));
        NetworkResult result = compute(request.gradientRequest(), 0, ticket, toleranceProblems);
        NetworkResponse answer = NetworkResponse.of(result);
        SubmissionChecks expected = new SubmissionChecks();
        expected.add("loss", answer.loss(), "J", Check.Quantity.VALUE);
        expected.add("predictions", answer.predictions(), null, Check.Quantity.OTHER);
        List<LayerWeights> layers = answer.gradients().layers();
        for (int i = 0; i < layers.size(); i++) {
            expected.add(WeightLayout.weightsPath(i), layers.get(i).weights(), WeightLayout.weightsId(i), Check.Quantity.GRADIENT);
            if (layers.get(i).bias() != null) {
                expected.add(WeightLayout.biasPath(i), layers.get(i).bias(), WeightLayout.biasId(i), Check.Quantity.GRADIENT);
            }
        }
        expected.add("x", answer.gradients().x(), "x", Check.Quantity.GRADIENT);
        for (NetworkResponse.Node n : answer.nodes()) {
            expected.add("nodes." + n.id() + ".value", n.value(), n.id(), Check.Quantity.VALUE);
            if (n.gradient() != null) {
                expected.add("nodes." + n.id() + ".gradient", n.gradient(), n.id(), Check.Quantity.GRADIENT);
            }
        }
        List<Check> checks = expected.against(request.submission());
        List<String> order = answer.nodes().stream().map(NetworkResponse.Node::id).toList();
        Object graded = PlatformResults.render(request.format(), request.points(),
                Grader.grade(checks, ToleranceRequest.orDefault(request.tolerance()), order, result::derivation), expected::has);
        // the derivation the submission is graded against, the same list /networks/gradient answers (a platform's format has no place for it)
        return graded instanceof CheckResponse c ? c.withBackward(answer.backward()) : graded;
    }

    @Operation(operationId = "networkGraph", summary = "The layer-level graph (x, W1, u1, z1, ..., J with shapes) as SVG, Graphviz DOT or Mermaid, by Accept",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 2", value = OpenApiExamples.EXAMPLE_2))))
    @PostMapping(path = "/graph", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {GraphPictures.SVG, GraphPictures.DOT, GraphPictures.MERMAID, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<String> graph(@RequestBody NetworkRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return frontDoor.run(costs.networkPicture(request), ticket -> GraphPictures.render(
                GraphPictures.ofNetwork(NetworkResponse.of(compute(request, 0, ticket)), limits.maxDrawnNodes()), accept, limits, ticket.deadline()));
    }

    private NetworkResult compute(NetworkRequest request, int verifyElements, Ticket ticket) {
        return compute(request, verifyElements, ticket, new ArrayList<>());
    }

    /** The network's gradients, or a 422 listing every problem: the network's and those the caller found already. */
    private NetworkResult compute(NetworkRequest request, int verifyElements, Ticket ticket, List<Violation> violations) {
        Network network = NetworkRequests.network(request.weightLayout(), request.layers(), request.loss(), violations);
        boolean single = request.example() != null;
        if (single == (request.examples() != null)) { // which shape the request has: a 400 before anything is read
            throw new InvalidRequestException(single ? "examples" : "example",
                    single ? "send either example or examples, not both" : "send one example (\"example\": {\"x\": [...], \"y\": 1}) or a list (\"examples\")");
        }
        List<Example> examples = NetworkRequests.examples(single ? List.of(request.example()) : request.examples(),
                single ? "example" : "examples", violations);
        NetworkRequests.throwIfAny(network, examples, single, violations);
        return metrics.counted(NetworkGradients.compute(network, examples, single, limits.networkLimits(), verifyElements, ticket.deadline()));
    }

    @Operation(operationId = "networkTrain", summary = "Train by SGD: the trained layers and the loss after each epoch",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Logical AND", summary = "One sigmoid unit learns AND in 200 epochs of per-example SGD",
                            value = OpenApiExamples.TRAIN_AND))))
    @PostMapping(path = "/train", consumes = MediaType.APPLICATION_JSON_VALUE)
    TrainResponse train(@RequestBody TrainRequest request) {
        return frontDoor.run(costs.training(request), ticket -> train(request, ticket));
    }

    TrainResponse train(TrainRequest request, Ticket ticket) {
        TrainingRun run = trainingRun(request);
        return TrainResponse.of(Trainer.train(run.network(), run.examples(), run.plan(), limits.networkLimits(), ticket.deadline()));
    }

    /**
     * The same run streamed as Server-Sent Events: an {@code epoch} event per epoch ({@code {"epoch": 1,
     * "loss": 0.69}}), then a {@code done} event with the plain answer's body, or an {@code error}
     * event (a problem: 503 at the deadline). Problems found before the first step (the request,
     * the limits, admission) are ordinary problem+json answers. The run is admitted and has its
     * deadline as any request; closing the stream cancels it (checked at every step).
     */
    @Operation(operationId = "networkTrain", summary = "Train by SGD, streamed: one Server-Sent Event per epoch (epoch, mean loss), then the trained layers",
            // the same operation as train's (one path, two answer types): it carries the request example too, or the merge drops it
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Logical AND", summary = "One sigmoid unit learns AND in 200 epochs of per-example SGD",
                            value = OpenApiExamples.TRAIN_AND))))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "With Accept: text/event-stream, the run as Server-Sent Events",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @io.swagger.v3.oas.annotations.media.Schema(
                    type = "string", description = "An epoch event per epoch (data: {\"epoch\": 1, \"loss\": 0.69}), then a done event "
                    + "whose data is the TrainResponse, or an error event with the status and detail of the problem that stopped it (503 at the deadline)",
                    example = "event:epoch\ndata:{\"epoch\":1,\"loss\":0.6931}\n\nevent:done\ndata:{\"layers\":[...],\"epochLosses\":[0.6931],\"steps\":4}\n\n")))
    @PostMapping(path = "/train", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter trainStreamed(@RequestBody TrainRequest request) {
        TrainingRun run = trainingRun(request);
        Trainer.check(run.network(), run.examples(), run.plan(), limits.networkLimits());
        Ticket ticket = frontDoor.admit(costs.training(request));
        Deadline deadline = ticket.deadline();
        SseEmitter emitter = new SseEmitter(Math.min(Long.MAX_VALUE / 2, deadline.remainingMillis()) + STREAM_GRACE_MILLIS);
        emitter.onCompletion(deadline::cancel); // after the last event this is harmless; before it, the client went away
        emitter.onTimeout(deadline::cancel);
        emitter.onError(e -> deadline.cancel());
        try {
            TRAINING.execute(() -> stream(run, ticket, emitter));
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        return emitter;
    }

    /** Extra time the stream stays open past the run's deadline, for its last event. */
    private static final long STREAM_GRACE_MILLIS = 5_000;

    /** Streamed runs work here, off the request thread; admission bounds how many run at once. */
    private static final java.util.concurrent.ExecutorService TRAINING = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "adjoint-training-stream");
        t.setDaemon(true);
        return t;
    });

    /** An epoch's progress event. */
    record EpochEvent(int epoch, double loss) {
    }

    private void stream(TrainingRun run, Ticket ticket, SseEmitter emitter) {
        Deadline deadline = ticket.deadline();
        try (ticket) {
            TrainingResult result = Trainer.train(run.network(), run.examples(), run.plan(), limits.networkLimits(), deadline, (epoch, loss) -> {
                try {
                    emitter.send(SseEmitter.event().name("epoch").data(new EpochEvent(epoch, loss), MediaType.APPLICATION_JSON));
                } catch (IOException | IllegalStateException e) { // the client closed the stream: stop the run
                    deadline.cancel();
                }
            });
            emitter.send(SseEmitter.event().name("done").data(TrainResponse.of(result), MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (DeadlineExceededException e) {
            if (!e.cancelled()) {
                frontDoor.deadlinePassed();
                error(emitter, 503, "the training passed the request time limit of " + e.limitMillis() + " ms; train fewer epochs or examples");
            } else {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            deadline.cancel(); // the stream is gone; nothing to tell
        } catch (RuntimeException e) {
            error(emitter, 500, "the training stopped: " + e.getClass().getSimpleName());
        }
    }

    /** A last event saying why the run stopped, as a problem's fields. */
    private static void error(SseEmitter emitter, int status, String detail) {
        try {
            emitter.send(SseEmitter.event().name("error").data(java.util.Map.of("status", status, "detail", detail), MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            // the client already went away
        }
    }

    private record TrainingRun(Network network, List<Example> examples, TrainingPlan plan) {
    }

    private TrainingRun trainingRun(TrainRequest request) {
        List<Violation> violations = new ArrayList<>();
        Network network = NetworkRequests.network(request.weightLayout(), request.layers(), request.loss(), violations);
        if (request.examples() == null) {
            violations.add(new Violation("examples", "give the training examples"));
        }
        if (request.learningRate() == null) {
            violations.add(new Violation("learningRate", "give the learning rate"));
        }
        if (request.epochs() == null) {
            violations.add(new Violation("epochs", "give the number of epochs"));
        }
        boolean shuffle = false;
        if (request.order() != null && !request.order().equals("given")) {
            if (request.order().equals("shuffled")) {
                shuffle = true;
            } else {
                violations.add(new Violation("order", "unknown order '" + request.order() + "'; use given or shuffled"));
            }
        }
        List<Example> examples = request.examples() == null ? List.of() : NetworkRequests.examples(request.examples(), "examples", violations);
        // the plan's own problems join the network's, so one answer lists them all; a missing learning
        // rate or epoch count is already listed above, and stands in here as a valid 1 to check the rest
        TrainingPlan plan = new TrainingPlan(request.learningRate() == null ? 1.0 : request.learningRate(),
                request.epochs() == null ? 1 : request.epochs(),
                request.batchSize() == null ? 1 : request.batchSize(), shuffle,
                request.seed() == null ? 0L : request.seed(), Boolean.TRUE.equals(request.recordSteps()));
        violations.addAll(Trainer.planViolations(plan));
        NetworkRequests.throwIfAny(network, examples, false, violations);
        return new TrainingRun(network, examples, plan);
    }
}
