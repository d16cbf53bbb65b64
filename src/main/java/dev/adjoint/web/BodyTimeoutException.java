package dev.adjoint.web;

/** The request body did not arrive in time ({@link BodyProperties}): 408, and the connection is closed. */
class BodyTimeoutException extends RuntimeException {

    BodyTimeoutException(String message) {
        super(message);
    }
}
