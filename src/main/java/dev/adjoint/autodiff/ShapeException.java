package dev.adjoint.autodiff;

/**
 * An op cannot take inputs of these shapes: {@code "[3, 4] @ [5] — the inner sizes differ (4 vs 5)"}.
 * Thrown while the graph is built, before anything is computed; the front door adds where in its
 * text the op is written.
 */
public class ShapeException extends RuntimeException {

    public ShapeException(String message) {
        super(message);
    }
}
