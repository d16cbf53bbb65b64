package dev.adjoint.web.problems;

import java.util.List;

/** A request that is well-formed JSON but missing or conflicting fields: 400 with the fields named. */
public class InvalidRequestException extends RuntimeException {

    /** @param path the request field, as {@code bindings.x} or {@code wrt[0]} */
    public record FieldError(String path, String message) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String path, String message) {
        this(List.of(new FieldError(path, message)));
    }

    List<FieldError> errors() {
        return errors;
    }
}
