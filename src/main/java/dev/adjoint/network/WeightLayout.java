package dev.adjoint.network;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Op;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a request writes a weight matrix, and every decision that depends on it: which side of a
 * weight matrix is the inputs, which product a layer is, and how the weights and biases are named in
 * the graph and in the request (W1, b1, {@code layers[0].weights[r][c]}). Nothing else reads the
 * layout; the weights stay in the request's layout all the way, so nothing is ever transposed.
 */
public enum WeightLayout {
    /** The lecture note's alpha: D_in x D_out, {@code weights[i][j]} connects input i to output j, u = Wᵀz. */
    IN_OUT,
    /** PyTorch's nn.Linear: D_out x D_in, u = Wz. */
    OUT_IN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout of a request that names none: the lecture note's. */
    public static WeightLayout byDefault() {
        return IN_OUT;
    }

    public static Optional<WeightLayout> parse(String name) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
    }

    /** The layer's input width D_in of a {@code rows x columns} weight matrix written in this layout. */
    public long inputs(long rows, long columns) {
        return this == IN_OUT ? rows : columns;
    }

    /** The layer's output width D_out of a {@code rows x columns} weight matrix written in this layout. */
    public long outputs(long rows, long columns) {
        return this == IN_OUT ? columns : rows;
    }

    /** A weight matrix's shape as a student reads it: {@code 2 x 3 (out_in: 3 inputs, 2 outputs)}. */
    String describe(int rows, int columns) {
        return rows + " x " + columns + " (" + wireName() + ": " + inputs(rows, columns) + " inputs, " + outputs(rows, columns) + " outputs)";
    }

    /**
     * The layer's product, as the language writes it for this layout: for one example (vectors)
     * {@code W1' @ x} (in_out) or {@code W1 @ x} (out_in); for a batch, one example per row,
     * {@code x @ W1} (in_out) or {@code x @ W1'} (out_in).
     */
    int product(Graph.Builder b, int weights, int input, boolean vector) {
        if (vector) {
            return this == IN_OUT ? b.applyFresh(Op.TRANSPOSED_PRODUCT, weights, input) : b.applyFresh(Op.MATRIX_PRODUCT, weights, input);
        }
        return this == IN_OUT ? b.applyFresh(Op.MATRIX_PRODUCT, input, weights) : b.applyFresh(Op.PRODUCT_TRANSPOSED, input, weights);
    }

    /** Layer {@code layer}'s (from 0) weights in the graph and the trace: W1, W2, ... */
    public static String weightsId(int layer) {
        return "W" + (layer + 1);
    }

    /** Layer {@code layer}'s (from 0) bias in the graph and the trace: b1, b2, ... */
    public static String biasId(int layer) {
        return "b" + (layer + 1);
    }

    /** Where the request wrote layer {@code layer}'s weights: {@code layers[0].weights}. */
    public static String weightsPath(int layer) {
        return "layers[" + layer + "].weights";
    }

    /** Where the request wrote layer {@code layer}'s bias: {@code layers[0].bias}. */
    public static String biasPath(int layer) {
        return "layers[" + layer + "].bias";
    }

    /** Element {@code k} (row-major, as the graph holds it) of a weight matrix with {@code columns} columns, as the request wrote it. */
    static String weightsElementPath(int layer, int k, int columns) {
        return weightsPath(layer) + "[" + (k / columns) + "][" + (k % columns) + "]";
    }
}
