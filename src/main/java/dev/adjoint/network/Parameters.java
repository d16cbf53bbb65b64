package dev.adjoint.network;

import dev.adjoint.autodiff.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's weights and biases as tensors in the core's in_out layout (W is D_in x D_out), with
 * the conversions to and from the request's layout: done once on the way in and once on the way out.
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
            w.add(inOut(layer.weights(), network.layout()));
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

    /** A matrix in the request's layout as an in_out tensor. */
    static Tensor inOut(double[][] m, WeightLayout layout) {
        int rows = m.length;
        int cols = m[0].length;
        double[] data = new double[rows * cols];
        if (layout == WeightLayout.IN_OUT) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(m[i], 0, data, i * cols, cols);
            }
            return Tensor.of(new int[] {rows, cols}, data);
        }
        for (int i = 0; i < rows; i++) { // out_in: m[o][i] connects input i to output o
            for (int j = 0; j < cols; j++) {
                data[j * rows + i] = m[i][j];
            }
        }
        return Tensor.of(new int[] {cols, rows}, data);
    }

    /** An in_out [D_in, D_out] tensor as a matrix in the request's layout. */
    static double[][] inLayout(Tensor w, WeightLayout layout) {
        int in = w.shape()[0];
        int out = w.shape()[1];
        boolean inOut = layout == WeightLayout.IN_OUT;
        double[][] m = inOut ? new double[in][out] : new double[out][in];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                double v = w.get(i * out + j);
                if (inOut) {
                    m[i][j] = v;
                } else {
                    m[j][i] = v;
                }
            }
        }
        return m;
    }
}
