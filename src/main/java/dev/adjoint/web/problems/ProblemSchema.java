package dev.adjoint.web.problems;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The problem+json body as the OpenAPI document shows it: RFC 9457's members and every extension
 * member {@link ProblemMapper}, {@link ProblemHandler}, the body filters and the access filters
 * write. Only a documentation type (the answers are {@link org.springframework.http.ProblemDetail}s);
 * {@link ProblemResponses} puts it in the document. Which members a problem has depends on its
 * {@code type}, as the descriptions say.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem (application/problem+json): what went wrong, for people (title, detail) "
        + "and for programs (type, status, and the members its type lists)")
record ProblemSchema(
        @Schema(description = "The kind of problem: https://adjoint.dev/problems/ followed by syntax-error, malformed-body, malformed-url, "
                + "invalid-request, not-computable, limit-exceeded, body-timeout, unauthorized, too-many-requests, overloaded or "
                + "deadline-exceeded; absent (about:blank) for the HTTP framework's own 404, 405, 406 and 415",
                example = "https://adjoint.dev/problems/syntax-error", format = "uri")
        String type,
        @Schema(description = "A short summary of the kind, the same for every problem of that type", requiredMode = REQUIRED,
                example = "The expression does not parse")
        String title,
        @Schema(description = "The HTTP status, as in the response", requiredMode = REQUIRED, example = "400")
        int status,
        @Schema(description = "What went wrong in this request, in a sentence a student can act on",
                example = "this '(' is never closed (line 1, column 4)")
        String detail,
        @Schema(description = "The request's path", example = "/api/v1/expressions/gradient", format = "uri-reference")
        String instance,
        @Schema(description = "syntax-error: every syntax problem found (up to the configured number); not-computable: every reason; "
                + "invalid-request: every field at fault")
        List<ProblemError> errors,
        @Schema(description = "syntax-error: 0-based offset of the first problem in the text", example = "3")
        Integer position,
        @Schema(description = "syntax-error (1-based, in the text) and malformed-body (in the JSON body): line of the first problem",
                example = "1")
        Integer line,
        @Schema(description = "syntax-error (1-based, in the text) and malformed-body (in the JSON body): column of the first problem",
                example = "4")
        Integer column,
        @Schema(description = "syntax-error: the token at the first problem (empty at the end of the text)", example = "(")
        String token,
        @Schema(description = "malformed-body: the JSON path of the field at fault", example = "bindings.x")
        String path,
        @Schema(description = "limit-exceeded, overloaded, deadline-exceeded: the limit that was reached (overloaded: concurrentWork, "
                + "deadline-exceeded: requestTime)", example = "bodyBytes")
        String name,
        @Schema(description = "limit-exceeded, overloaded, deadline-exceeded: the configured limit (deadline-exceeded: milliseconds)",
                example = "16777216")
        Long limit,
        @Schema(description = "limit-exceeded, overloaded, deadline-exceeded: what this request came to, in the limit's unit",
                example = "16777300")
        Long actual,
        @Schema(description = "too-many-requests, overloaded, deadline-exceeded: seconds to wait before trying again (also sent as the "
                + "Retry-After header)", example = "1")
        Long retryAfterSeconds) {

    /** One entry of a problem's {@code errors}: which members are present depends on the problem's type and code. */
    @Schema(name = "ProblemError", description = "One reason a request failed: a syntax problem, a reason it cannot be computed, or a field at fault")
    record ProblemError(
            @Schema(description = "What went wrong here, in a sentence a student can act on", requiredMode = REQUIRED,
                    example = "'zz' has no value: bind it in bindings (or did you mean 'z'?)")
            String message,
            @Schema(description = "syntax-error: syntax; not-computable: unbound-variable, unknown-function, arity, assigned-twice, "
                    + "used-before-assignment, assigns-variable, unknown-output, unknown-wrt, shape-mismatch, ...; absent for "
                    + "invalid-request and a network's problems", example = "unbound-variable")
            String code,
            @Schema(description = "The request field at fault when it is not the text, as a JSON path", example = "layers[1].weights")
            String path,
            @Schema(description = "not-computable: the offending name", example = "zz")
            String name,
            @Schema(description = "not-computable: a known name close to it (\"did you mean\")", example = "z")
            String suggestion,
            @Schema(description = "0-based offset in the text", example = "2")
            Integer position,
            @Schema(description = "1-based line in the text", example = "1")
            Integer line,
            @Schema(description = "1-based column in the text", example = "3")
            Integer column,
            @Schema(description = "syntax-error: the token at the problem", example = "×")
            String token) {
    }
}
