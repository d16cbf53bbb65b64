package dev.adjoint.web.expressions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionGradients;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to an expression or program: value, gradient, every node, and the backward pass.
 * Tensors are numbers, lists or lists of rows; non-finite numbers are written as the strings
 * "NaN", "Infinity", "-Infinity".
 */
@Schema(description = "Value, gradient, every node's value and adjoint, and the backward pass as sums of terms")
public record GradientResponse(
        @Schema(description = "Id of the differentiated node") String output,
        @Schema(description = "The output's one number") double value,
        @Schema(description = "d output / d variable for every variable in wrt, in the variable's shape") Map<String, Object> gradient,
        @Schema(description = "Every node in evaluation order") List<Node> nodes,
        @Schema(description = "Each differentiated node's adjoint as the sum of one term per consumer, output first") List<BackwardStep> backward,
        @Schema(description = "The first non-finite value and the first non-finite gradient, if any, and why") List<Warning> warnings,
        @Schema(description = "The central-difference check, when the request asked for it (verify: true)")
        @JsonInclude(JsonInclude.Include.NON_NULL) VerificationView verification) {

    /**
     * @param kind     {@code input}, {@code constant} or {@code operation}
     * @param shape    {@code []} for a number, {@code [n]} for a vector, {@code [m, n]} for a matrix
     * @param value    a number, a list or a list of rows
     * @param gradient d output / d node, in the node's shape; absent where nothing was differentiated
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String kind, String op, List<String> inputs, String expression, int[] shape, Object value, Object gradient) {
    }

    public record BackwardStep(String id, Object gradient, List<Term> terms) {
    }

    /**
     * @param localDerivative ∂consumer/∂node, written with node ids; absent where the consumer is not elementwise (products, reductions)
     * @param localValue      its value (a tensor in the consumer's shape for a tensor consumer)
     * @param contribution    what the consumer adds to the node's gradient, in the node's shape
     * @param vjp             (tensors) the contribution written in the language with the consumer's gradient g_consumer
     * @param jacobianShape   (tensors) [P, N]: d consumer / d node as the note's vector chain rule writes it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Term(String consumer, String localDerivative, Object localValue, Object contribution, String vjp, int[] jacobianShape) {
    }

    private static final String[] KIND_NAMES = java.util.Arrays.stream(Graph.Kind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    static GradientResponse of(ExpressionGradients computed, VerificationView verification) {
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
