package dev.adjoint.network;

import java.util.List;

/** The network, its examples or its training plan do not fit together; every violation found is listed. */
public class NetworkValidationException extends RuntimeException {

    private final List<Violation> violations;

    public NetworkValidationException(List<Violation> violations) {
        super(violations.get(0).path() + ": " + violations.get(0).message()
                + (violations.size() > 1 ? " (" + (violations.size() - 1) + " more in errors)" : ""));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
