package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;

import java.util.List;

/**
 * A compiled expression or program: its graph, the node to differentiate, and the variables to
 * differentiate with respect to (validated against the bindings).
 */
public record CompiledExpression(Graph graph, int output, List<String> wrt) {
}
