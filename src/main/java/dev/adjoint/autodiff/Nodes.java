package dev.adjoint.autodiff;

/**
 * Where an op's partial is built as graph nodes ({@link Op#partialNode}): the two things a rule
 * needs, applying an op to existing nodes and making a constant. Returns node indices.
 */
public interface Nodes {

    /** {@code op} over the nodes {@code inputs}. */
    int apply(Op op, int... inputs);

    /** A constant node of this value. */
    int constant(double value);
}
