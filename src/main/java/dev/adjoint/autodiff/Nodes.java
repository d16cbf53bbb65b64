package dev.adjoint.autodiff;

/**
 * Where an op's partial is built as graph nodes ({@link Op#partialNode}): the two things a rule
 * needs, applying an op to existing nodes and making a constant. Returns node indices. A builder
 * that knows its nodes' shapes (one that evaluates as it builds, or the simplifier of formulas, from
 * the variables' shapes and the ops' shape rules) says so through {@link #shape},
 * so tensor rules can pick their form ({@code g @ B'} or {@code outer(g, b)}) and reduce a
 * broadcast contribution back to its input's shape.
 */
public interface Nodes {

    /** {@code op} over the nodes {@code inputs}. */
    int apply(Op op, int... inputs);

    /** {@code op} with integer attributes (an axis, an index; null for none) over {@code inputs}. */
    default int apply(Op op, int[] attrs, int... inputs) {
        if (attrs == null) {
            return apply(op, inputs);
        }
        throw new UnsupportedOperationException("this builder takes no attributes: " + op.symbol() + " with an axis or an index cannot be built here");
    }

    /** A constant node of this value. */
    int constant(double value);

    /** The node's shape, or null when this builder does not know shapes. */
    default int[] shape(int node) {
        return null;
    }
}
