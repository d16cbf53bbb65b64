package dev.adjoint.expression;

import java.util.List;

/** The text parses but cannot be computed; every reason found is listed, not just the first. */
public class NotComputableException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public NotComputableException(List<Diagnostic> diagnostics) {
        super(diagnostics.get(0).message() + (diagnostics.size() > 1 ? " (" + (diagnostics.size() - 1) + " more in errors)" : ""));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
