package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.TraceTemplate;

import java.util.List;

/**
 * A compiled expression or program: its graph, the node to differentiate, and the variables to
 * differentiate with respect to (validated against the bindings).
 *
 * @param traceTemplate what the graph's traces print that depends on the graph alone, made when a
 *                      trace first asks and kept as long as this (the compiled-text cache shares it
 *                      between every request of the same text)
 */
public record CompiledExpression(Graph graph, int output, List<String> wrt, TraceTemplate traceTemplate) {

    public CompiledExpression(Graph graph, int output, List<String> wrt) {
        this(graph, output, wrt, TraceTemplate.of(graph));
    }

    public CompiledExpression {
        if (traceTemplate.graph() != graph) {
            throw new IllegalArgumentException("the trace template is of another graph");
        }
    }
}
