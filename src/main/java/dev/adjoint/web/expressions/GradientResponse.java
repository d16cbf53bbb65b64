package dev.adjoint.web.expressions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionGradients;
import dev.adjoint.web.platform.NumberSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The answer to an expression or program: value, gradient, every node, and the backward pass.
 * Tensors are numbers, lists or lists of rows; non-finite numbers are written as the strings
 * "NaN", "Infinity", "-Infinity".
 */
@Schema(name = "GradientResponse", description = "Value, gradient, every node's value and adjoint, and the backward pass as sums of terms")
public record GradientResponse(
        @Schema(description = "Id of the differentiated node", requiredMode = REQUIRED, example = "y") String output,
        @Schema(ref = NumberSchemas.REAL, description = "The output's one number", requiredMode = REQUIRED, example = "412.19145728412116")
        double value,
        @Schema(description = "d output / d variable for every variable in wrt, each in the variable's shape", requiredMode = REQUIRED,
                additionalPropertiesSchema = Binding.class, example = "{\"x\": 1208.3812151266095, \"z\": 809.707479218564}")
        Map<String, Object> gradient,
        @Schema(description = "Every node in evaluation order", requiredMode = REQUIRED) List<Node> nodes,
        @Schema(description = "Each differentiated node's adjoint as the sum of one term per consumer, output first", requiredMode = REQUIRED)
        List<BackwardStep> backward,
        @Schema(description = "The first non-finite value and the first non-finite gradient, if any, and why (empty when all are finite)",
                requiredMode = REQUIRED)
        List<Warning> warnings,
        @Schema(description = "The central-difference check, when the request asked for it (verify: true)")
        @JsonInclude(JsonInclude.Include.NON_NULL) VerificationView verification) {

    /** A node of an expression's graph, as the gradient (and the graph picture) shows it. */
    @Schema(name = "ExpressionNode", description = "A node of the computation graph: a variable, a constant or an operation, with its value and adjoint")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(
            @Schema(description = "The node's id: a variable's name, a program's assigned name, or t1, t2, ... for an unnamed operation",
                    requiredMode = REQUIRED, example = "t1") String id,
            @Schema(description = "What the node is", requiredMode = REQUIRED, allowableValues = {"input", "constant", "operation"},
                    example = "operation") String kind,
            @Schema(description = "The operation (absent for inputs and constants)", example = "mul") String op,
            @Schema(description = "Ids of the operation's inputs, in order (operations only)", example = "[\"x\", \"z\"]") List<String> inputs,
            @Schema(description = "The operation over its input ids, as the language prints it", example = "x * z") String expression,
            @Schema(description = "[] for a number, [n] for a vector, [m, n] for a matrix", requiredMode = REQUIRED, example = "[]") int[] shape,
            @Schema(ref = NumberSchemas.TENSOR, description = "The node's value, in its shape", requiredMode = REQUIRED, example = "6")
            Object value,
            @Schema(ref = NumberSchemas.TENSOR, description = "d output / d node (the adjoint), in the node's shape; absent where nothing "
                    + "was differentiated", example = "404.853739609282") Object gradient) {
    }

    /** One node's adjoint as the note writes it: g_b = g_e · ∂e/∂b + g_c · ∂c/∂b. */
    @Schema(name = "BackwardStep", description = "A node's adjoint as the sum of one term per consumer, as the lecture note writes the backward pass")
    public record BackwardStep(
            @Schema(description = "The node whose adjoint this is", requiredMode = REQUIRED, example = "b") String id,
            @Schema(ref = NumberSchemas.TENSOR, description = "d output / d node: the sum of the terms' contributions, in the node's shape",
                    requiredMode = REQUIRED, example = "-12.360007402472986") Object gradient,
            @Schema(description = "One term per consumer of the node (empty for the output)", requiredMode = REQUIRED) List<Term> terms) {
    }

    /** One consumer's term of a node's adjoint: g_consumer times ∂consumer/∂node. */
    @Schema(name = "BackwardTerm", description = "What one consumer adds to a node's adjoint: its adjoint times the local derivative")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Term(
            @Schema(description = "The node that consumes this one", requiredMode = REQUIRED, example = "e") String consumer,
            @Schema(description = "∂consumer/∂node written with node ids; absent where the consumer is not elementwise (products, reductions)",
                    example = "-a / b^2") String localDerivative,
            @Schema(ref = NumberSchemas.TENSOR, description = "The local derivative's value (a tensor in the consumer's shape for a tensor "
                    + "consumer); absent with localDerivative", example = "-12.488213886033648") Object localValue,
            @Schema(ref = NumberSchemas.TENSOR, description = "What the consumer adds to the node's gradient, in the node's shape",
                    requiredMode = REQUIRED, example = "-12.488213886033648") Object contribution,
            @Schema(description = "(tensors) the contribution written in the language with the consumer's gradient g_<consumer>",
                    example = "g_z1 * z1 * (1 - z1)") String vjp,
            @Schema(description = "(tensors) [P, N]: the shape of d consumer / d node as the note's vector chain rule writes it",
                    example = "[4, 4]") int[] jacobianShape) {
    }

    private static final String[] KIND_NAMES = java.util.Arrays.stream(Graph.Kind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    public static GradientResponse of(ExpressionGradients computed, VerificationView verification) {
        CompiledExpression compiled = computed.compiled();
        Trace trace = computed.trace();
        Graph graph = compiled.graph();
        List<Node> nodes = new ArrayList<>(trace.nodes().size());
        Map<String, Object> inputGradients = new HashMap<>();
        for (Trace.NodeEntry n : trace.nodes()) {
            boolean operation = n.kind() == Graph.Kind.OPERATION;
            Object g = TensorJson.of(n.gradient());
            nodes.add(new Node(n.id(), KIND_NAMES[n.kind().ordinal()], n.op(), operation ? n.inputs() : null,
                    n.expression(), n.value().shape(), TensorJson.of(n.value()), g));
            if (n.kind() == Graph.Kind.INPUT) {
                inputGradients.put(n.id(), g);
            }
        }
        Map<String, Object> gradient = new LinkedHashMap<>();
        for (String variable : compiled.wrt()) {
            gradient.put(variable, inputGradients.get(variable));
        }
        List<BackwardStep> backward = backward(trace.backward());
        Tensor out = computed.value(compiled.output());
        return new GradientResponse(graph.id(compiled.output()), out.item(), gradient, nodes, backward, computed.warnings(), verification);
    }

    /** The backward derivation as JSON: shared by expressions, programs and networks (one trace). */
    public static List<BackwardStep> backward(List<Trace.BackwardEntry> entries) {
        List<BackwardStep> backward = new ArrayList<>(entries.size());
        for (Trace.BackwardEntry b : entries) {
            List<Term> terms = new ArrayList<>(b.terms().size());
            for (Trace.Term t : b.terms()) {
                terms.add(new Term(t.consumer(), t.localDerivative(), TensorJson.of(t.localValue()), TensorJson.of(t.contribution()),
                        t.vjp(), t.jacobianShape()));
            }
            backward.add(new BackwardStep(b.id(), TensorJson.of(b.gradient()), terms));
        }
        return backward;
    }
}
