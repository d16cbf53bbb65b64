package dev.adjoint.expression;

/**
 * One reason a well-formed request cannot be computed, with what a client needs to point at it.
 *
 * @param code       stable kind: {@code unbound-variable}, {@code unknown-function}, {@code arity},
 *                   {@code assigned-twice}, {@code used-before-assignment}, {@code assigns-variable},
 *                   {@code unknown-output}, {@code unknown-wrt}
 * @param name       the offending name, if there is one
 * @param suggestion a close known name ("did you mean"), or null
 * @param position   0-based offset in the text, or null when the problem is in another field
 * @param path       the request field at fault when it is not the text ({@code "wrt[1]"}), or null
 */
public record Diagnostic(String code, String message, String name, String suggestion,
                         Integer position, Integer line, Integer column, String path) {

    static Diagnostic inField(String path, String code, String message, String name) {
        return new Diagnostic(code, message, name, null, null, null, null, path);
    }
}
