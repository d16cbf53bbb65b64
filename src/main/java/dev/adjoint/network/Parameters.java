package dev.adjoint.network;

import dev.adjoint.autodiff.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's weights and biases as tensors, in the request's layout ({@link WeightLayout}): the
 * graph is written for that layout, so the weights are never transposed on the way in or out.
 */
final class Parameters {

    private final List<Tensor> weights;
    private final List<Tensor> biases;

    Parameters(List<Tensor> weights, List<Tensor> biases) {
        this.weights = weights;
        this.biases = biases;
    }

    static Parameters of(Network network) {
        List<Tensor> w = new ArrayList<>();
        List<Tensor> b = new ArrayList<>();
        for (Layer layer : network.layers()) {
            w.add(tensor(layer.weights()));
            b.add(layer.bias() == null ? null : Tensor.of(new int[] {layer.bias().length}, layer.bias().clone()));
        }
        return new Parameters(w, b);
    }

    Tensor weights(int layer) {
        return weights.get(layer);
    }

    /** The layer's bias, or null. */
    Tensor bias(int layer) {
        return biases.get(layer);
    }

    int layers() {
        return weights.size();
    }

    /** A matrix as a tensor, row by row: the request's layout is the graph's, so nothing is transposed. */
    static Tensor tensor(double[][] m) {
        int rows = m.length;
        int cols = m[0].length;
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(m[i], 0, data, i * cols, cols);
        }
        return Tensor.of(new int[] {rows, cols}, data);
    }
}
