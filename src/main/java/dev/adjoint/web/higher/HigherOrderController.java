package dev.adjoint.web.higher;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.HigherOrder;
import dev.adjoint.web.batch.BatchRoute;
import dev.adjoint.web.batch.BatchRoutes;
import dev.adjoint.web.expressions.Binding;
import dev.adjoint.web.platform.RequestCosts;
import dev.adjoint.web.admission.Cost;
import dev.adjoint.web.admission.FrontDoor;
import dev.adjoint.web.admission.Ticket;
import dev.adjoint.web.platform.ComputeMetrics;
import dev.adjoint.web.expressions.ExpressionRequest;
import dev.adjoint.web.problems.InvalidRequestException;
import dev.adjoint.web.platform.LimitsProperties;
import dev.adjoint.web.expressions.TensorJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jacobians, Hessians (or Hessian-vector products), JVPs and derivative formulas of an expression
 * or a program: the gradient endpoint's body plus one field each, the same errors and limits.
 */
@RestController
@RequestMapping(path = "/api/v1/expressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Higher order", description = "Jacobians, Hessians, Hessian-vector products, forward mode (JVP) and derivative formulas")
public class HigherOrderController implements BatchRoutes {

    private final ExpressionCompiler compiler;
    private final HigherOrder higherOrder;
    private final LimitsProperties limits;
    private final HigherOrderProperties higher;
    private final ComputeMetrics metrics;
    private final RequestCosts costs;
    private final FrontDoor frontDoor;

    HigherOrderController(ExpressionCompiler compiler, LimitsProperties limits, HigherOrderProperties higher, ComputeMetrics metrics, RequestCosts costs, FrontDoor frontDoor) {
        this.costs = costs;
        this.frontDoor = frontDoor;
        this.limits = limits;
        this.higher = higher;
        this.metrics = metrics;
        this.compiler = compiler; // shared, with its cache of compiled texts (platform.CompilerConfiguration)
        this.higherOrder = new HigherOrder(limits.maxNodes(), higher.maxFormulaSize(), higher.maxFormulaCharacters());
    }

    @Override
    public List<BatchRoute<?>> batchRoutes() {
        return List.of(
                new BatchRoute<>("expressions/jacobian", JacobianRequest.class, this::cost, this::jacobian),
                new BatchRoute<>("expressions/hessian", HessianRequest.class, this::cost, this::hessian),
                new BatchRoute<>("expressions/jvp", JvpRequest.class, this::cost, this::jvp),
                new BatchRoute<>("expressions/derivative", DerivativeRequest.class, this::cost, this::derivative));
    }

    // What each request costs, before compiling, by what it computes (RequestCosts.Computed): a
    // Hessian n HVPs and its n² entries, a Jacobian min(rows, columns) sweeps and its entries, a JVP
    // one tangent sweep, formulas a gradient graph (one more per row with order 2). Once compiled,
    // the ticket is resized to the real graph's (resize below), as the gradient endpoint does.

    private Cost cost(JacobianRequest r) {
        return costs.higherOrder(r.gradientRequest(), RequestCosts.Computed.jacobian(outputCount(r), RequestCosts.variableElements(r.gradientRequest())));
    }

    private Cost cost(HessianRequest r) {
        long n = RequestCosts.variableElements(r.gradientRequest());
        if (r.vector() != null) {
            return costs.higherOrder(r.gradientRequest(), RequestCosts.Computed.hvp(n));
        }
        Cost cost = costs.higherOrder(r.gradientRequest(), RequestCosts.Computed.hessian(n)); // validates the request first
        if (n > higher.maxHessianVariables()) { // before anything is compiled or admitted
            throw new LimitExceededException("hessianVariables", higher.maxHessianVariables(), n, "the Hessian would have " + n
                    + " rows; the limit is " + higher.maxHessianVariables() + " (send a vector for a Hessian-vector product, which has no such limit)");
        }
        return cost;
    }

    private Cost cost(JvpRequest r) {
        return costs.higherOrder(r.gradientRequest(), RequestCosts.Computed.jvp());
    }

    private Cost cost(DerivativeRequest r) {
        int order = r.order() == null ? 1 : r.order();
        return costs.higherOrder(r.gradientRequest(), RequestCosts.Computed.derivative(order, r.gradientRequest().bindingsOrEmpty().size()));
    }

    private static int outputCount(JacobianRequest r) {
        return r.outputs() == null || r.outputs().isEmpty() ? 1 : r.outputs().size();
    }

    /** The estimate was made from the text and the bindings; now the graph is known: give back the difference or admit the rest. */
    private void resize(Ticket ticket, CompiledExpression compiled, RequestCosts.Computed computed) {
        frontDoor.resize(ticket, RequestCosts.higherOrderBytes(compiled.graph().size(), compiled.graph().elements(), computed));
    }

    /** Elements of the variables of wrt, as compiled: a Hessian's rows, a Jacobian's columns. */
    private static long variableElements(Compiled c) {
        long n = 0;
        for (String v : c.compiled().wrt()) {
            n += c.inputs().get(v).size();
        }
        return n;
    }

    @Operation(operationId = "expressionJacobian", summary = "Jacobian of a program's named nodes (default: the output) with respect to the variables",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "Example 1 (program): a, b, e and y", value = HigherOrderExamples.EXAMPLE_1_PROGRAM_JACOBIAN),
                            @ExampleObject(name = "Tensors: u = A @ v (a [2, 3] block) and y", value = HigherOrderExamples.TENSOR_JACOBIAN)})))
    @PostMapping(path = "/jacobian", consumes = MediaType.APPLICATION_JSON_VALUE)
    public JacobianResponse jacobian(@RequestBody JacobianRequest request) {
        return frontDoor.run(cost(request), ticket -> jacobian(request, ticket));
    }

    /** An admitted request (also a batch item's, admitted with its batch). */
    JacobianResponse jacobian(JacobianRequest request, Ticket ticket) {
        Compiled c = compile(request.gradientRequest(), false);
        int outputs = outputCount(request);
        // over the entries limit the answer is HigherOrder's 413, so the resize counts no more than the limit's entries
        long rows = outputElements(c.compiled(), request.outputs());
        long columns = variableElements(c);
        RequestCosts.Computed computed = RequestCosts.Computed.jacobian(rows, columns);
        resize(ticket, c.compiled(), new RequestCosts.Computed(computed.live(), computed.sweeps(), Math.min(computed.numbers(), higher.maxJacobianEntries())));
        HigherOrder.Jacobian j = higherOrder.jacobian(c.compiled(), c.inputs(), request.outputs(), higher.maxJacobianEntries(), ticket.deadline());
        metrics.nodesComputed(c.compiled().graph().size() * Math.min(outputs, Math.max(1, c.compiled().wrt().size())));
        return JacobianResponse.of(j);
    }

    @Operation(operationId = "expressionHessian", summary = "Value, gradient and Hessian of a one-element output; with vector, the Hessian-vector product instead",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "Example 1: the Hessian in x, z", summary = "The lecture note's Example 1, its 2 x 2 Hessian",
                                    value = HigherOrderExamples.EXAMPLE_1_HESSIAN),
                            @ExampleObject(name = "Example 1: H·v", summary = "Forward over reverse: H times (1, -1) without forming H",
                                    value = HigherOrderExamples.EXAMPLE_1_HVP),
                            @ExampleObject(name = "Tensors: H·v of a quadratic form", summary = "vector and hvp in the variable's shape",
                                    value = HigherOrderExamples.TENSOR_HVP)})))
    @PostMapping(path = "/hessian", consumes = MediaType.APPLICATION_JSON_VALUE)
    public HessianResponse hessian(@RequestBody HessianRequest request) {
        return frontDoor.run(cost(request), ticket -> hessian(request, ticket));
    }

    /** An admitted request (also a batch item's, admitted with its batch). */
    HessianResponse hessian(HessianRequest request, Ticket ticket) {
        Compiled c = compile(request.gradientRequest(), true);
        String output = c.compiled().graph().id(c.compiled().output());
        long n = variableElements(c);
        if (request.vector() != null) {
            resize(ticket, c.compiled(), RequestCosts.Computed.hvp(n));
            Map<String, Tensor> v = HigherOrder.direction("vector", Binding.tensors("vector", request.vector()), c.compiled(), c.inputs());
            HigherOrder.HessianVectorProduct p = higherOrder.hvp(c.compiled(), c.inputs(), v, ticket.deadline());
            metrics.nodesComputed(3 * c.compiled().graph().size());
            return new HessianResponse(output, p.value(), json(p.gradient()), null, null, json(p.hvp()), p.warnings());
        }
        if (n > higher.maxHessianVariables()) { // cost() refused it already; kept beside the rows it counts
            throw new LimitExceededException("hessianVariables", higher.maxHessianVariables(), n, "the Hessian would have " + n
                    + " rows; the limit is " + higher.maxHessianVariables() + " (send a vector for a Hessian-vector product, which has no such limit)");
        }
        resize(ticket, c.compiled(), RequestCosts.Computed.hessian(n));
        HigherOrder.Hessian h = higherOrder.hessian(c.compiled(), c.inputs(), ticket.deadline());
        metrics.nodesComputed((int) Math.min(Integer.MAX_VALUE, (n + 2) * c.compiled().graph().size()));
        return new HessianResponse(output, h.value(), json(h.gradient()), h.variables(), h.hessian(), null, h.warnings());
    }

    @Operation(operationId = "expressionJvp", summary = "Forward mode: the directional derivative of the output and every node's tangent, in one sweep",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "Example 1 (program): d/dx by a tangent sweep", value = HigherOrderExamples.EXAMPLE_1_JVP))))
    @PostMapping(path = "/jvp", consumes = MediaType.APPLICATION_JSON_VALUE)
    public JvpResponse jvp(@RequestBody JvpRequest request) {
        return frontDoor.run(cost(request), ticket -> jvp(request, ticket));
    }

    /** An admitted request (also a batch item's, admitted with its batch). */
    JvpResponse jvp(JvpRequest request, Ticket ticket) {
        if (request.tangents() == null) {
            throw new InvalidRequestException("tangents", "send tangents: the direction, one entry per variable of its shape,"
                    + " e.g. \"tangents\": {\"x\": 1, \"v\": [1, 0]}");
        }
        Map<String, Tensor> given = Binding.tensors("tangents", request.tangents());
        Compiled c = compile(request.gradientRequest(), false);
        Map<String, Tensor> t = HigherOrder.direction("tangents", given, c.compiled(), c.inputs());
        resize(ticket, c.compiled(), RequestCosts.Computed.jvp());
        HigherOrder.Jvp j = higherOrder.jvp(c.compiled(), c.inputs(), t, ticket.deadline());
        metrics.nodesComputed(2 * c.compiled().graph().size());
        return JvpResponse.of(j);
    }

    @Operation(operationId = "expressionDerivative", summary = "Derivatives as simplified formulas (expression, program, LaTeX) that can be sent back; order 2 adds the second derivatives",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "Example 1, first and second derivatives", value = HigherOrderExamples.EXAMPLE_1_DERIVATIVE),
                            @ExampleObject(name = "Product and chain rule, e^x", value = HigherOrderExamples.CHAIN_RULE_DERIVATIVE),
                            @ExampleObject(name = "Tensors: a layer's formulas in W's and x's shapes, second.s by s",
                                    value = HigherOrderExamples.TENSOR_DERIVATIVE)})))
    @PostMapping(path = "/derivative", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DerivativeResponse derivative(@RequestBody DerivativeRequest request) {
        return frontDoor.run(cost(request), ticket -> derivative(request, ticket));
    }

    /** An admitted request (also a batch item's, admitted with its batch). */
    DerivativeResponse derivative(DerivativeRequest request, Ticket ticket) {
        int order = request.order() == null ? 1 : request.order();
        if (order != 1 && order != 2) {
            throw new InvalidRequestException("order", "order is 1 (first derivatives) or 2 (also the second ones), not " + order);
        }
        Compiled c = compile(request.gradientRequest(), true);
        int n = c.compiled().wrt().size();
        if (order == 2 && n > higher.maxSecondOrderFormulas()) {
            throw new LimitExceededException("secondOrderVariables", higher.maxSecondOrderFormulas(), n, "order 2 for " + n
                    + " variables would print " + ((long) n * n) + " formulas; the limit is " + higher.maxSecondOrderFormulas()
                    + " variables (narrow wrt)");
        }
        resize(ticket, c.compiled(), RequestCosts.Computed.derivative(order, n));
        HigherOrder.Derivatives d = higherOrder.derivatives(c.compiled(), order, ticket.deadline(), c.inputs().keySet());
        metrics.nodesComputed(c.compiled().graph().size());
        return DerivativeResponse.of(c.compiled().graph().id(c.compiled().output()), d);
    }

    /** Elements of the named outputs (the compiled output without names), from the graph's shapes; an unknown name counts 1 (HigherOrder names it). */
    private static long outputElements(CompiledExpression compiled, List<String> outputs) {
        dev.adjoint.autodiff.Graph graph = compiled.graph();
        List<String> names = outputs == null || outputs.isEmpty() ? List.of(graph.id(compiled.output())) : outputs;
        long rows = 0;
        for (String name : names) {
            int node = name == null ? -1 : graph.indexOf(name);
            int[] shape = node < 0 ? null : graph.shape(node);
            long elements = 1;
            for (int d : shape == null ? new int[0] : shape) {
                elements *= d;
            }
            rows += elements;
        }
        return rows;
    }

    /** Tensors by name as JSON (a number, a list, or a list of rows). */
    private static Map<String, Object> json(Map<String, Tensor> tensors) {
        Map<String, Object> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, TensorJson.of(v)));
        return out;
    }

    private record Compiled(CompiledExpression compiled, Map<String, Tensor> inputs) {
    }

    /** What the gradient endpoint does first: validate, compile, bind (the same rules, the same errors). */
    private Compiled compile(ExpressionRequest request, boolean oneElement) {
        return new Compiled(request.compile(compiler, limits.maxBindings(), oneElement), request.inputs());
    }
}
