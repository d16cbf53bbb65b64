package dev.adjoint.web.problems;

/** The request body did not arrive in time ({@link BodyProperties}): 408, and the connection is closed. */
public class BodyTimeoutException extends RuntimeException {

    public BodyTimeoutException(String message) {
        super(message);
    }
}
