package dev.adjoint.web;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.expression.Diagnostic;
import dev.adjoint.expression.ExpressionSyntaxException;
import dev.adjoint.expression.NotComputableException;
import dev.adjoint.network.NetworkValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place failures become RFC 9457 problem details: ours (syntax, not computable, limits,
 * invalid fields) and Spring MVC's own (malformed JSON, 404, 405, 415, ... via the base class).
 * No stack trace leaves the process; anything unexpected is a logged 500 with no details.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ExpressionSyntaxException.class)
    ResponseEntity<ProblemDetail> syntax(ExpressionSyntaxException e, HttpServletRequest request) {
        ProblemDetail p = Problems.SYNTAX_ERROR.detail(HttpStatus.BAD_REQUEST,
                e.getMessage() + " (line " + e.line() + ", column " + e.column() + ")");
        p.setProperty("position", e.position());
        p.setProperty("line", e.line());
        p.setProperty("column", e.column());
        p.setProperty("token", e.token());
        return respond(p, request);
    }

    @ExceptionHandler(NotComputableException.class)
    ResponseEntity<ProblemDetail> notComputable(NotComputableException e, HttpServletRequest request) {
        ProblemDetail p = Problems.NOT_COMPUTABLE.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            Map<String, Object> error = new LinkedHashMap<>();
            putIfPresent(error, "code", d.code());
            putIfPresent(error, "message", d.message());
            putIfPresent(error, "name", d.name());
            putIfPresent(error, "suggestion", d.suggestion());
            putIfPresent(error, "position", d.position());
            putIfPresent(error, "line", d.line());
            putIfPresent(error, "column", d.column());
            putIfPresent(error, "path", d.path());
            errors.add(error);
        }
        p.setProperty("errors", errors);
        return respond(p, request);
    }

    @ExceptionHandler(NetworkValidationException.class)
    ResponseEntity<ProblemDetail> network(NetworkValidationException e, HttpServletRequest request) {
        ProblemDetail p = Problems.NOT_COMPUTABLE.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        p.setProperty("errors", e.violations());
        return respond(p, request);
    }

    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ProblemDetail> limitExceeded(LimitExceededException e, HttpServletRequest request) {
        ProblemDetail p = Problems.LIMIT_EXCEEDED.detail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        p.setProperty("name", e.limitName());
        p.setProperty("limit", e.limit());
        p.setProperty("actual", e.actual());
        return respond(p, request);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, HttpServletRequest request) {
        ProblemDetail p = Problems.INVALID_REQUEST.detail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setProperty("errors", e.errors());
        return respond(p, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail p = Problems.INTERNAL_ERROR.detail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the server failed on this request; the failure is logged");
        return respond(p, request);
    }

    /** Bad JSON, a wrong type, an unknown field; or a body cut off at the size limit. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LimitExceededException limit) {
                ProblemDetail p = Problems.LIMIT_EXCEEDED.detail(HttpStatus.CONTENT_TOO_LARGE, limit.getMessage());
                p.setProperty("name", limit.limitName());
                p.setProperty("limit", limit.limit());
                p.setProperty("actual", limit.actual());
                return handleExceptionInternal(e, p, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        ProblemDetail p = Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "the request body is not valid JSON for this endpoint");
        if (e.getCause() instanceof JacksonException jackson) {
            String field = fieldPath(jackson);
            String message = jackson instanceof UnrecognizedPropertyException unknown
                    ? "unknown field '" + unknown.getPropertyName() + "'"
                    : jackson.getOriginalMessage();
            TokenStreamLocation at = jackson.getLocation();
            StringBuilder detail = new StringBuilder(message);
            if (!field.isEmpty()) {
                detail.append(" (field ").append(field).append(')');
                p.setProperty("path", field);
            }
            if (at != null && at.getLineNr() > 0) {
                detail.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
                p.setProperty("line", at.getLineNr());
                p.setProperty("column", at.getColumnNr());
            }
            p.setDetail(detail.toString());
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            p.setDetail("the request has no body; send a JSON object");
        }
        return handleExceptionInternal(e, p, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** {@code bindings.x}, {@code wrt[1]}: the JSON path of the field at fault. */
    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p, HttpServletRequest request) {
        p.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(p.getStatus()).body(p);
    }
}
