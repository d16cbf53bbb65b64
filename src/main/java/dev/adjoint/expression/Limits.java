package dev.adjoint.expression;

/**
 * Size limits on one compile, checked before the large allocations.
 *
 * @param maxExpressionLength characters of expression or program text
 * @param maxDepth            parentheses and brackets (function calls, literals) open at once
 * @param maxNodes            nodes in the graph
 * @param maxNodeElements     elements of any one node (a binding or a computed tensor), from its shape
 * @param maxGraphElements    elements of all nodes together
 * @param maxSyntaxErrors     syntax problems one answer lists (parsing goes on after each, up to this many)
 */
public record Limits(int maxExpressionLength, int maxDepth, int maxNodes, long maxNodeElements, long maxGraphElements,
                     int maxSyntaxErrors) {

    /** Syntax problems listed in one answer unless configured otherwise. */
    public static final int DEFAULT_MAX_SYNTAX_ERRORS = 10;

    /** A vector of a million doubles is 8 MB; all nodes together at most 16 million (128 MB of values). */
    public static final Limits DEFAULT = new Limits(1_000_000, 10_000, 250_000, 1_000_000, 16_000_000);

    /** The given size limits, listing up to {@link #DEFAULT_MAX_SYNTAX_ERRORS} syntax problems. */
    public Limits(int maxExpressionLength, int maxDepth, int maxNodes, long maxNodeElements, long maxGraphElements) {
        this(maxExpressionLength, maxDepth, maxNodes, maxNodeElements, maxGraphElements, DEFAULT_MAX_SYNTAX_ERRORS);
    }

    /** Limits on text and nodes, with the default element limits. */
    public Limits(int maxExpressionLength, int maxDepth, int maxNodes) {
        this(maxExpressionLength, maxDepth, maxNodes, 1_000_000, 16_000_000);
    }
}
