package dev.adjoint.web.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.adjoint.web.problems.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * The refusals of this package as problem details, typed from the web layer's one list of
 * problem kinds ({@link Problems}). They are thrown at Spring's exception resolvers,
 * so the web layer's one error handler renders them like every other problem.
 */
final class AccessProblems {

    static final String API_KEY_HEADER = "X-API-Key";

    private AccessProblems() {
    }

    /** Answers the request with the problem; the filter chain stops here. */
    static void reject(HandlerExceptionResolver resolvers, HttpServletRequest request, HttpServletResponse response,
                       ErrorResponseException problem) throws IOException {
        if (resolvers.resolveException(request, response, null, problem) == null) {
            response.sendError(problem.getStatusCode().value()); // only if no resolver took it; then /error answers
        }
    }

    static ErrorResponseException unauthorized(boolean keySent) {
        ProblemDetail p = Problems.UNAUTHORIZED.detail(HttpStatus.UNAUTHORIZED, keySent
                ? "the " + API_KEY_HEADER + " header does not hold a valid API key"
                : "this server requires an API key; send it in the " + API_KEY_HEADER + " header");
        ErrorResponseException e = new ErrorResponseException(HttpStatus.UNAUTHORIZED, p, null);
        // RFC 9110 asks a 401 to name its scheme; there is no registered one for API keys.
        e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + API_KEY_HEADER + "\"");
        return e;
    }

    static ErrorResponseException tooManyRequests(long retryAfterSeconds, long requestsPerMinute) {
        return tooManyRequests(retryAfterSeconds, requestsPerMinute, 1);
    }

    /** @param tokens what the refused call costs: 1 per plain call, more for a costly one (a batch takes one per item) */
    static ErrorResponseException tooManyRequests(long retryAfterSeconds, long requestsPerMinute, long tokens) {
        ProblemDetail p = Problems.TOO_MANY_REQUESTS.detail(HttpStatus.TOO_MANY_REQUESTS,
                "over the limit of " + requestsPerMinute + " requests per minute"
                        + (tokens > 1 ? " (this request counts as " + tokens + ")" : "") + "; retry in " + retryAfterSeconds + " s");
        p.setProperty("retryAfterSeconds", retryAfterSeconds);
        ErrorResponseException e = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, p, null);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return e;
    }
}
