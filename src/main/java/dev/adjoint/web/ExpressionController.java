package dev.adjoint.web;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

@RestController
@RequestMapping(path = "/api/v1/expressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Expressions", description = "Gradients of expressions and programs, with the full trace")
class ExpressionController {

    private final ExpressionCompiler compiler;
    private final LimitsProperties limits;

    ExpressionController(LimitsProperties limits) {
        this.limits = limits;
        this.compiler = new ExpressionCompiler(limits.expressionLimits());
    }

    @Operation(summary = "Value, gradient, every node and the backward pass of an expression or a program",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "Example 1 (expression)", summary = "The lecture note's Example 1 as one expression",
                                    value = OpenApiExamples.EXAMPLE_1_EXPRESSION),
                            @ExampleObject(name = "Example 1 (program)", summary = "The same computation as the note's named steps a..f, y",
                                    value = OpenApiExamples.EXAMPLE_1_PROGRAM)})))
    @PostMapping(path = "/gradient", consumes = MediaType.APPLICATION_JSON_VALUE)
    GradientResponse gradient(@RequestBody ExpressionRequest request) {
        request.validate(limits.maxBindings());
        Map<String, Double> bindings = request.bindingsOrEmpty();
        CompiledExpression compiled = request.expression() != null
                ? compiler.expression(request.expression(), bindings.keySet(), request.wrt())
                : compiler.program(request.program(), bindings.keySet(), request.output(), request.wrt());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        bindings.forEach((name, value) -> inputs.put(name, Tensor.scalar(value)));
        Evaluation evaluation = Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output());
        return GradientResponse.of(compiled, evaluation);
    }
}
