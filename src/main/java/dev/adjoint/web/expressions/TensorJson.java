package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Tensor;

/** A tensor as JSON: a number, a list, or a list of rows. */
public final class TensorJson {

    private TensorJson() {
    }

    public static Object of(Tensor t) {
        if (t == null) {
            return null;
        }
        int[] shape = t.shape();
        return switch (shape.length) {
            case 0 -> t.item();
            case 1 -> t.toArray();
            case 2 -> {
                double[][] rows = new double[shape[0]][shape[1]];
                for (int r = 0; r < shape[0]; r++) {
                    for (int c = 0; c < shape[1]; c++) {
                        rows[r][c] = t.get(r * shape[1] + c);
                    }
                }
                yield rows;
            }
            default -> throw new IllegalArgumentException("no JSON form for rank " + shape.length);
        };
    }
}
