package dev.adjoint.expression;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles with the default limits and evaluates at scalar bindings: the shorthand of these tests. */
final class Run {

    static final ExpressionCompiler COMPILER = new ExpressionCompiler(Limits.DEFAULT);

    private Run() {
    }

    static CompiledExpression expression(String text, String... variables) {
        return COMPILER.expression(text, List.of(variables), null);
    }

    static CompiledExpression program(String text, String output, String... variables) {
        return COMPILER.program(text, List.of(variables), output, null);
    }

    /** Evaluates the compiled output, differentiating with respect to its checked wrt list. */
    static Evaluation evaluate(CompiledExpression compiled, Map<String, Double> bindings) {
        return Evaluation.run(compiled.graph(), tensors(bindings), Set.copyOf(compiled.wrt()), compiled.output());
    }

    /** The output's value only (nothing differentiated). */
    static double value(CompiledExpression compiled, Map<String, Double> bindings) {
        return Evaluation.run(compiled.graph(), tensors(bindings), Set.of(), compiled.output()).value(compiled.output()).item();
    }

    /** The value of an expression over the given bindings (variables bound in the map's order). */
    static double valueOf(String text, Map<String, Double> bindings) {
        CompiledExpression compiled = COMPILER.expression(text, new ArrayList<>(bindings.keySet()), null);
        return value(compiled, bindings);
    }

    static double valueOf(String text) {
        return valueOf(text, Map.of());
    }

    static double gradient(Evaluation evaluation, String id) {
        int node = evaluation.graph().indexOf(id);
        if (node < 0) {
            throw new IllegalArgumentException("no node " + id);
        }
        return evaluation.gradient(node).item();
    }

    static Map<String, Tensor> tensors(Map<String, Double> bindings) {
        Map<String, Tensor> tensors = new HashMap<>(2 * bindings.size());
        bindings.forEach((k, v) -> tensors.put(k, Tensor.scalar(v)));
        return tensors;
    }

    /** An ordered map of bindings: name, value, name, value, ... */
    static Map<String, Double> bind(Object... pairs) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return map;
    }

    /** The nodes of an op in a graph. */
    static List<Integer> nodesOf(Graph graph, dev.adjoint.autodiff.Op op) {
        List<Integer> nodes = new ArrayList<>();
        for (int n = 0; n < graph.size(); n++) {
            if (graph.op(n) == op) {
                nodes.add(n);
            }
        }
        return nodes;
    }
}
