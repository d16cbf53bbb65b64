package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.FiniteDifferences;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionGradients;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.grading.Check;
import dev.adjoint.grading.FormulaAnswers;
import dev.adjoint.grading.Grader;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
import dev.adjoint.grading.GradingReport;
import dev.adjoint.grading.MistakeDiagnosis;
import dev.adjoint.grading.Tolerance;
import dev.adjoint.web.batch.BatchRoute;
import dev.adjoint.web.batch.BatchRoutes;
import dev.adjoint.web.grading.CheckResponse;
import dev.adjoint.web.platform.ComputeMetrics;
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

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

@RestController
@RequestMapping(path = "/api/v1/expressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Expressions", description = "Gradients of expressions and programs, with the full trace; grading a student's answers")
class ExpressionController implements BatchRoutes {

    private final ExpressionCompiler compiler;
    private final LimitsProperties limits;
    private final ComputeMetrics metrics;
    private final RequestCosts costs;
    private final FrontDoor frontDoor;

    ExpressionController(ExpressionCompiler compiler, LimitsProperties limits, ComputeMetrics metrics, RequestCosts costs, FrontDoor frontDoor) {
        this.limits = limits;
        this.metrics = metrics;
        this.costs = costs;
        this.frontDoor = frontDoor;
        this.compiler = compiler; // shared, with its cache of compiled texts (platform.CompilerConfiguration)
    }

    @Override
    public List<BatchRoute<?>> batchRoutes() {
        return List.of(
                new BatchRoute<>("expressions/gradient", ExpressionRequest.class, costs::expression, this::gradient),
                new BatchRoute<>("expressions/check", ExpressionCheckRequest.class, r -> costs.expression(r.gradientRequest()), this::check));
    }

    @Operation(operationId = "expressionGradient", summary = "Value, gradient, every node and the backward pass of an expression or a program",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "Example 1 (expression)", summary = "The lecture note's Example 1 as one expression",
                                    value = OpenApiExamples.EXAMPLE_1_EXPRESSION),
                            @ExampleObject(name = "Example 1 (program)", summary = "The same computation as the note's named steps a..f, y",
                                    value = OpenApiExamples.EXAMPLE_1_PROGRAM),
                            @ExampleObject(name = "Verified by finite differences", summary = "verify: true adds a central-difference check per variable",
                                    value = OpenApiExamples.EXAMPLE_1_VERIFY),
                            @ExampleObject(name = "Example 2 (program with tensors)",
                                    summary = "The note's Example 2 in its own names: u1 = alpha1' @ x, z1 = sigmoid(u1), ..., J",
                                    value = OpenApiExamples.EXAMPLE_2_PROGRAM)})))
    @PostMapping(path = "/gradient", consumes = MediaType.APPLICATION_JSON_VALUE)
    GradientResponse gradient(@RequestBody ExpressionRequest request) {
        return frontDoor.run(costs.expression(request), ticket -> gradient(request, ticket));
    }

    /** The gradient of an admitted request (also a batch item's, admitted with its batch). */
    GradientResponse gradient(ExpressionRequest request, Ticket ticket) {
        ExpressionGradients c = compute(request, ticket);
        FiniteDifferences.Verification verification = null;
        if (Boolean.TRUE.equals(request.verify())) {
            verification = verify(c, ticket);
        }
        return GradientResponse.of(c, VerificationView.of(verification));
    }

    @Operation(operationId = "expressionCheck", summary = "Grade a student's value, gradient and node values/gradients (numbers or formulas); find and diagnose the first wrong node",
            description = "format: adjoint (default; CheckResponse), gradescope (results.json) or prairielearn (external grading results)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "The note's sign slip", summary = "g_b computed with +a/b^2, as the lecture note prints it",
                                    value = OpenApiExamples.CHECK_SIGN_SLIP),
                            @ExampleObject(name = "Formula answers", summary = "Gradients as formulas over variables and node names",
                                    value = OpenApiExamples.CHECK_FORMULAS),
                            @ExampleObject(name = "Gradescope results.json", summary = "format: gradescope, with points per item",
                                    value = OpenApiExamples.CHECK_GRADESCOPE),
                            @ExampleObject(name = "PrairieLearn results", summary = "format: prairielearn",
                                    value = OpenApiExamples.CHECK_PRAIRIELEARN)})))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The graded submission in the requested format",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @io.swagger.v3.oas.annotations.media.Schema(
                    oneOf = {CheckResponse.class, PlatformResults.GradescopeResults.class, PlatformResults.PrairieLearnResults.class})))
    @PostMapping(path = "/check", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object check(@RequestBody ExpressionCheckRequest request) {
        return frontDoor.run(costs.expression(request.gradientRequest()), ticket -> check(request, ticket));
    }

    Object check(ExpressionCheckRequest request, Ticket ticket) {
        ExpressionGradients c = compute(request.gradientRequest(), ticket);
        // Grading reads values and gradients straight off the evaluation: no trace, no response
        // records. The trace is made only if a report needs it (a derivation, a diagnosis).
        ExpressionGradients e = c;
        Graph graph = c.compiled().graph();
        SubmissionChecks expected = new SubmissionChecks();
        int output = c.compiled().output();
        expected.add("value", e.value(output).item(), graph.id(output), Check.Quantity.VALUE);
        expected.container("gradient");
        AnswerPaths paths = AnswerPaths.of(c.compiled()); // the same for every item of a template
        for (int node = 0; node < graph.size(); node++) {
            String id = graph.id(node);
            Tensor g = e.gradient(node);
            expected.add(paths.value[node], TensorJson.of(e.value(node)), id, Check.Quantity.VALUE);
            if (g != null) {
                Object gradient = TensorJson.of(g);
                expected.add(paths.gradient[node], gradient, id, Check.Quantity.GRADIENT);
                if (paths.wrtGradient[node] != null) {
                    expected.add(paths.wrtGradient[node], gradient, id, Check.Quantity.GRADIENT);
                }
            }
        }
        List<Check> checks = expected.against(request.submission());
        Tolerance tolerance = ToleranceRequest.orDefault(request.tolerance());
        // A wrong item's derivation and diagnosis are made from its node's own entry and its neighbours',
        // not from the whole trace; the texts come from the compiled graph's template.
        Supplier<Function<String, List<MistakeDiagnosis.Term>>> terms = memoized(() -> MistakeDiagnosis.termsOf(e));
        // Formula answers are judged at sample points around scalar bindings; a tensor problem takes numbers only.
        Map<String, Double> scalars = Binding.scalarsOrNull(request.gradientRequest().bindingsOrEmpty());
        FormulaAnswers formulas = scalars == null ? null : new FormulaAnswers(compiler, scalars, e, request.program() != null, tolerance);
        GradingReport report = Grader.grade(checks, tolerance, graph.ids(), e::derivation,
                node -> terms.get().apply(node), formulas);
        return PlatformResults.render(request.format(), request.points(), report, expected::has);
    }

    /** Computed on first use, then kept: a report that needs no trace never makes one. */
    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Operation(operationId = "expressionGraph", summary = "The computation graph as a picture: SVG (laid out by ELK), Graphviz DOT or Mermaid, by Accept",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 1 (program)", value = OpenApiExamples.EXAMPLE_1_PROGRAM))))
    @PostMapping(path = "/graph", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {GraphPictures.SVG, GraphPictures.DOT, GraphPictures.MERMAID, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<String> graph(@RequestBody ExpressionRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return frontDoor.run(costs.expressionPicture(request), ticket -> {
            ExpressionGradients c = compute(request, ticket);
            GradientResponse answer = GradientResponse.of(c, null);
            return GraphPictures.render(GraphPictures.ofExpression(answer, limits.maxDrawnNodes()), accept, limits, ticket.deadline());
        });
    }

    /**
     * Central differences for every element of every variable in wrt, up to the configured number
     * of elements (an evenly spread, fixed sample beyond); elements are named as the text indexes
     * them ({@code A[1, 0]}).
     */
    private FiniteDifferences.Verification verify(ExpressionGradients c, Ticket ticket) {
        List<FiniteDifferences.Element> sample = c.verificationSample(limits.maxVerifiedElements());
        RequestCosts.checkVerification(sample.size(), c.compiled().graph().size(), limits);
        return c.verify(sample, ticket.deadline());
    }

    /** What a gradient, a check and a picture share: the compiled text and the sweeps at the bindings. */
    private ExpressionGradients compute(ExpressionRequest request, Ticket ticket) {
        CompiledExpression compiled = request.compile(compiler, limits.maxBindings(), true);
        // The estimate came from the text and the bindings; now the graph's size is known: give back
        // the difference, or admit the rest (an outer product can hold far more than its inputs).
        frontDoor.resize(ticket, RequestCosts.expressionBytes(compiled.graph().size(), compiled.graph().elements()));
        ExpressionGradients computed = ExpressionGradients.compute(compiled, request.inputs(), ticket.deadline());
        metrics.nodesComputed(compiled.graph().size());
        return computed;
    }
}
