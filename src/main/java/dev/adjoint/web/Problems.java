package dev.adjoint.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * Problem types (RFC 9457): a stable identifier per kind of problem, a title for people. The
 * {@code type} URIs are identifiers; clients switch on them (or on the last path segment).
 */
public enum Problems {
    SYNTAX_ERROR("syntax-error", "The expression does not parse"),
    INVALID_REQUEST("invalid-request", "Missing or conflicting fields"),
    MALFORMED_BODY("malformed-body", "The request body is not the JSON this endpoint reads"),
    NOT_COMPUTABLE("not-computable", "The request cannot be computed"),
    LIMIT_EXCEEDED("limit-exceeded", "The request is over a configured limit"),
    UNAUTHORIZED("unauthorized", "A valid API key is required"),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests"),
    OVERLOADED("overloaded", "The server is busy"),
    DEADLINE_EXCEEDED("deadline-exceeded", "The computation took too long"),
    INTERNAL_ERROR("internal-error", "Internal error");

    static final String BASE = "https://adjoint.dev/problems/";

    private final URI type;
    private final String title;

    Problems(String slug, String title) {
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    public ProblemDetail detail(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
