package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.Diagnostic;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.NotComputableException;
import dev.adjoint.grading.Instances;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
import dev.adjoint.web.batch.BatchRoute;
import dev.adjoint.web.batch.BatchRoutes;
import dev.adjoint.web.platform.ComputeMetrics;
import dev.adjoint.web.problems.InvalidRequestException;
import dev.adjoint.web.platform.LimitsProperties;
import dev.adjoint.web.platform.OpenApiExamples;
import dev.adjoint.web.platform.RequestCosts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-student instances of a problem: {@link Instances} documents how the values are drawn. */
@RestController
@RequestMapping(path = "/api/v1/expressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Expressions")
class InstanceController implements BatchRoutes {

    private final ExpressionCompiler compiler;
    private final LimitsProperties limits;
    private final ComputeMetrics metrics;
    private final RequestCosts costs;
    private final FrontDoor frontDoor;

    InstanceController(ExpressionCompiler compiler, LimitsProperties limits, ComputeMetrics metrics, RequestCosts costs, FrontDoor frontDoor) {
        this.limits = limits;
        this.metrics = metrics;
        this.costs = costs;
        this.frontDoor = frontDoor;
        this.compiler = compiler; // shared, with its cache of compiled texts (platform.CompilerConfiguration)
    }

    @Override
    public List<BatchRoute<?>> batchRoutes() {
        return List.of(new BatchRoute<>("expressions/instances", InstanceRequest.class, costs::instance, this::instance));
    }

    @Operation(operationId = "expressionInstances", summary = "One student's values for a problem's variables, drawn from a seed (the same on every replica and version)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 1, one instance per student", summary = "x and z drawn on a grid for seed s1234567",
                            value = OpenApiExamples.INSTANCE))))
    @PostMapping(path = "/instances", consumes = MediaType.APPLICATION_JSON_VALUE)
    InstanceResponse instance(@RequestBody InstanceRequest request) {
        return frontDoor.run(costs.instance(request), ticket -> instance(request, ticket));
    }

    /** An admitted request (also a batch item's, admitted with its batch). */
    InstanceResponse instance(InstanceRequest request, Ticket ticket) {
        Map<String, Double> fixed = request.bindings() == null ? Map.of() : request.bindings();
        Map<String, Instances.Range> ranges = ranges(request, fixed);
        Map<String, Double> names = new LinkedHashMap<>(fixed);
        ranges.forEach((name, r) -> names.put(name, r.min()));
        new ExpressionRequest(request.expression(), request.program(), Binding.ofNumbers(names), request.wrt(), request.output(), false)
                .validate(limits.maxBindings());
        CompiledExpression problem = request.expression() != null
                ? compiler.expression(request.expression(), names.keySet(), request.wrt())
                : compiler.program(request.program(), names.keySet(), request.output(), request.wrt());
        Instances.Instance instance = Instances.generate(problem, fixed, ranges, request.seed());
        int attempts = Instances.attempts(problem.graph().size());
        metrics.nodesComputed(problem.graph().size() * (instance == null ? attempts : instance.attempt() + 1));
        if (instance == null) {
            throw new NotComputableException(List.of(new Diagnostic("no-finite-instance", "no values drawn in " + attempts
                    + " attempts give a finite output and gradient; narrow the ranges to where the problem is defined"
                    + " (log and sqrt need positive arguments, a division a nonzero denominator)", null, null, null, null, null, "ranges")));
        }
        Map<String, Double> gradient = new LinkedHashMap<>();
        for (String v : problem.wrt()) {
            gradient.put(v, instance.gradient(problem.graph().indexOf(v)));
        }
        return new InstanceResponse(request.seed(), Instances.GENERATOR, instance.attempt(), instance.bindings(),
                instance.value(problem.output()), gradient);
    }

    /** The ranges, checked: every field a client can get wrong is named, all at once. */
    private Map<String, Instances.Range> ranges(InstanceRequest request, Map<String, Double> fixed) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        if (request.seed() == null || request.seed().isEmpty()) {
            errors.add(new InvalidRequestException.FieldError("seed", "send a seed that identifies the student, e.g. \"seed\": \"s1234567\""));
        }
        if (request.ranges() == null || request.ranges().isEmpty()) {
            errors.add(new InvalidRequestException.FieldError("ranges", "send a range for each variable drawn per student,"
                    + " e.g. \"ranges\": {\"x\": {\"min\": 1, \"max\": 3, \"step\": 0.5}}"));
            throw new InvalidRequestException(errors);
        }
        if (request.ranges().size() + fixed.size() > limits.maxBindings()) {
            throw new LimitExceededException("bindings", limits.maxBindings(), request.ranges().size() + fixed.size(),
                    "the request has " + (request.ranges().size() + fixed.size()) + " variables; the limit is " + limits.maxBindings());
        }
        Map<String, Instances.Range> ranges = new LinkedHashMap<>();
        request.ranges().forEach((name, r) -> {
            String path = "ranges." + name;
            if (fixed.containsKey(name)) {
                errors.add(new InvalidRequestException.FieldError(path, "'" + name + "' is in both bindings and ranges; give it one value or one range"));
                return;
            }
            if (r == null || r.min() == null || r.max() == null) {
                errors.add(new InvalidRequestException.FieldError(path, "give min and max, e.g. {\"min\": 1, \"max\": 3}"));
                return;
            }
            if (!Double.isFinite(r.min()) || !Double.isFinite(r.max()) || r.min() > r.max()) {
                errors.add(new InvalidRequestException.FieldError(path, "min and max must be finite numbers with min <= max; got ["
                        + r.min() + ", " + r.max() + "]"));
                return;
            }
            if (r.step() != null && !(r.step() > 0 && Double.isFinite(r.step()))) {
                errors.add(new InvalidRequestException.FieldError(path + ".step", "step must be a finite number > 0, got " + r.step()));
                return;
            }
            Instances.Range range = new Instances.Range(r.min(), r.max(), r.step());
            if (r.step() != null) {
                BigInteger points = range.gridPoints();
                if (points.compareTo(BigInteger.valueOf(Instances.MAX_GRID_POINTS)) > 0) {
                    throw new LimitExceededException("rangePoints", Instances.MAX_GRID_POINTS, points.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue(),
                            path + " has " + points + " grid points; the limit is " + Instances.MAX_GRID_POINTS + ": use a larger step");
                }
            }
            ranges.put(name, range);
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return ranges;
    }
}
