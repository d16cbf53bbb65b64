package dev.adjoint.web;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.FiniteDifferences;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.grading.Check;
import dev.adjoint.grading.Grader;
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

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@RestController
@RequestMapping(path = "/api/v1/expressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Expressions", description = "Gradients of expressions and programs, with the full trace; grading a student's answers")
class ExpressionController {

    private final ExpressionCompiler compiler;
    private final LimitsProperties limits;
    private final ComputeMetrics metrics;

    ExpressionController(LimitsProperties limits, ComputeMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
        this.compiler = new ExpressionCompiler(limits.expressionLimits());
    }

    @Operation(summary = "Value, gradient, every node and the backward pass of an expression or a program",
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
        Computed c = compute(request);
        FiniteDifferences.Verification verification = null;
        if (Boolean.TRUE.equals(request.verify())) {
            verification = verify(c);
        }
        return GradientResponse.of(c.compiled(), c.evaluation(), Trace.of(c.evaluation()), VerificationView.of(verification));
    }

    @Operation(summary = "Grade a student's value, gradient and node values/gradients; find the first wrong node",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "The note's sign slip", summary = "g_b computed with +a/b^2, as the lecture note prints it",
                            value = OpenApiExamples.CHECK_SIGN_SLIP))))
    @PostMapping(path = "/check", consumes = MediaType.APPLICATION_JSON_VALUE)
    CheckResponse check(@RequestBody ExpressionCheckRequest request) {
        Computed c = compute(request.gradientRequest());
        // Grading reads values and gradients straight off the evaluation: no trace, no response
        // records. The one derivation a report shows (the first wrong node's) is traced on demand.
        Evaluation e = c.evaluation();
        Graph graph = c.compiled().graph();
        SubmissionChecks expected = new SubmissionChecks();
        int output = c.compiled().output();
        expected.add("value", e.value(output).item(), graph.id(output), Check.Quantity.VALUE);
        Set<String> wrt = new HashSet<>(c.compiled().wrt());
        for (int node = 0; node < graph.size(); node++) {
            String id = graph.id(node);
            Tensor g = e.gradient(node);
            expected.add("nodes." + id + ".value", TensorJson.of(e.value(node)), id, Check.Quantity.VALUE);
            if (g != null) {
                Object gradient = TensorJson.of(g);
                expected.add("nodes." + id + ".gradient", gradient, id, Check.Quantity.GRADIENT);
                if (graph.kind(node) == Graph.Kind.INPUT && wrt.contains(id)) {
                    expected.add("gradient." + id, gradient, id, Check.Quantity.GRADIENT);
                }
            }
        }
        List<Check> checks = expected.against(request.submission());
        Map<String, String> derivations = new HashMap<>(1);
        return CheckResponse.of(Grader.grade(checks, ToleranceRequest.orDefault(request.tolerance()), graph.ids(),
                node -> derivations.computeIfAbsent(node, n -> Trace.of(e).derivation(n))));
    }

    @Operation(summary = "The computation graph as a picture: SVG (laid out by ELK), Graphviz DOT or Mermaid, by Accept",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 1 (program)", value = OpenApiExamples.EXAMPLE_1_PROGRAM))))
    @PostMapping(path = "/graph", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {GraphPictures.SVG, GraphPictures.DOT, GraphPictures.MERMAID, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<String> graph(@RequestBody ExpressionRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Computed c = compute(request);
        GradientResponse answer = GradientResponse.of(c.compiled(), c.evaluation(), Trace.of(c.evaluation()), null);
        return GraphPictures.render(GraphPictures.ofExpression(answer, limits.maxDrawnNodes()), accept);
    }

    /**
     * Central differences for every element of every variable in wrt, up to the configured number
     * of elements (an evenly spread, fixed sample beyond); elements are named as the text indexes
     * them ({@code A[1, 0]}).
     */
    private FiniteDifferences.Verification verify(Computed c) {
        List<FiniteDifferences.Element> all = new java.util.ArrayList<>();
        long total = 0;
        for (String v : c.compiled().wrt()) {
            total += c.inputs().get(v).size();
        }
        long step = Math.max(1, (total + limits.maxVerifiedElements() - 1) / limits.maxVerifiedElements());
        long k = 0;
        for (String v : c.compiled().wrt()) {
            Tensor t = c.inputs().get(v);
            int[] shape = t.shape();
            for (int i = 0; i < t.size(); i++, k++) {
                if (k % step == 0) {
                    String where = shape.length == 0 ? v : shape.length == 1 ? v + "[" + i + "]" : v + "[" + (i / shape[1]) + ", " + (i % shape[1]) + "]";
                    all.add(new FiniteDifferences.Element(v, i, where));
                }
            }
        }
        return FiniteDifferences.verify(c.evaluation(), c.inputs(), all, total);
    }

    /** What a gradient, a check and a picture share: the compiled text and the sweeps at the bindings. */
    private record Computed(CompiledExpression compiled, Map<String, Tensor> inputs, Evaluation evaluation) {
    }

    private Computed compute(ExpressionRequest request) {
        request.validate(limits.maxBindings());
        Map<String, Binding> bindings = request.bindingsOrEmpty();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        bindings.forEach((name, value) -> shapes.put(name, value.shape()));
        CompiledExpression compiled = request.expression() != null
                ? compiler.expression(request.expression(), shapes, request.wrt())
                : compiler.program(request.program(), shapes, request.output(), request.wrt());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        bindings.forEach((name, value) -> inputs.put(name, value.tensor()));
        Evaluation evaluation = Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output());
        metrics.nodesComputed(compiled.graph().size());
        return new Computed(compiled, inputs, evaluation);
    }
}
