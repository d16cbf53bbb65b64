package dev.adjoint.autodiff;

/**
 * A non-finite number in a result: where it first appeared and why. Non-finite values are data,
 * not errors, so the sweep records them and carries on.
 *
 * @param node     the first node whose value (or gradient) is not finite
 * @param quantity {@code "value"} or {@code "gradient"}
 * @param message  what produced it, with the numbers, e.g. {@code "b = log(x) gives NaN at x = -2"}
 */
public record Warning(String node, String quantity, String message) {
}
