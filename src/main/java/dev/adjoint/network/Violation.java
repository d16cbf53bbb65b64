package dev.adjoint.network;

/**
 * One reason a network request cannot be computed.
 *
 * @param path the request field at fault, e.g. {@code layers[1].weights} or {@code examples[0].y}
 */
public record Violation(String path, String message) {
}
