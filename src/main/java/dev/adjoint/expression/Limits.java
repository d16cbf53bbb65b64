package dev.adjoint.expression;

/**
 * Size limits on one compile, checked before the large allocations.
 *
 * @param maxExpressionLength characters of expression or program text
 * @param maxDepth            parentheses (including function calls) open at once
 * @param maxNodes            nodes in the graph
 */
public record Limits(int maxExpressionLength, int maxDepth, int maxNodes) {

    public static final Limits DEFAULT = new Limits(1_000_000, 10_000, 250_000);
}
