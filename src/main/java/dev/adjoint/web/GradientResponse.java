package dev.adjoint.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Warning;
import dev.adjoint.expression.CompiledExpression;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to an expression or program: value, gradient, every node, and the backward pass.
 * Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
 */
@Schema(description = "Value, gradient, every node's value and adjoint, and the backward pass as sums of terms")
public record GradientResponse(
        @Schema(description = "Id of the differentiated node") String output,
        double value,
        @Schema(description = "d output / d variable for every variable in wrt") Map<String, Double> gradient,
        @Schema(description = "Every node in evaluation order") List<Node> nodes,
        @Schema(description = "Each differentiated node's adjoint as the sum of one term per consumer, output first") List<BackwardStep> backward,
        @Schema(description = "The first non-finite value and the first non-finite gradient, if any, and why") List<Warning> warnings,
        @Schema(description = "The central-difference check, when the request asked for it (verify: true)")
        @JsonInclude(JsonInclude.Include.NON_NULL) VerificationView verification) {

    /**
     * @param kind     {@code input}, {@code constant} or {@code operation}
     * @param gradient d output / d node; absent where nothing was differentiated (constants, variables outside wrt)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String id, String kind, String op, List<String> inputs, String expression, double value, Double gradient) {
    }

    public record BackwardStep(String id, double gradient, List<Term> terms) {
    }

    /**
     * @param localDerivative ∂consumer/∂node, written with node ids
     * @param contribution    the consumer's gradient times localValue
     */
    public record Term(String consumer, String localDerivative, double localValue, double contribution) {
    }

    private static final String[] KIND_NAMES = java.util.Arrays.stream(Graph.Kind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    static GradientResponse of(CompiledExpression compiled, Evaluation evaluation, Trace trace, VerificationView verification) {
        Graph graph = compiled.graph();
        List<Node> nodes = new ArrayList<>(trace.nodes().size());
        Map<String, Double> inputGradients = new HashMap<>();
        for (Trace.NodeEntry n : trace.nodes()) {
            boolean operation = n.kind() == Graph.Kind.OPERATION;
            Double g = n.gradient() == null ? null : n.gradient().item();
            nodes.add(new Node(n.id(), KIND_NAMES[n.kind().ordinal()], n.op(), operation ? n.inputs() : null,
                    n.expression(), n.value().item(), g));
            if (n.kind() == Graph.Kind.INPUT) {
                inputGradients.put(n.id(), g);
            }
        }
        Map<String, Double> gradient = new LinkedHashMap<>();
        for (String variable : compiled.wrt()) {
            gradient.put(variable, inputGradients.get(variable));
        }
        List<BackwardStep> backward = new ArrayList<>(trace.backward().size());
        for (Trace.BackwardEntry b : trace.backward()) {
            List<Term> terms = new ArrayList<>(b.terms().size());
            for (Trace.Term t : b.terms()) {
                terms.add(new Term(t.consumer(), t.localDerivative(), t.localValue(), t.contribution().item()));
            }
            backward.add(new BackwardStep(b.id(), b.gradient().item(), terms));
        }
        Tensor out = evaluation.value(compiled.output());
        return new GradientResponse(graph.id(compiled.output()), out.item(), gradient, nodes, backward, evaluation.warnings(), verification);
    }
}
