package dev.adjoint.web.problems;

import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.expression.ExpressionSyntaxException;
import dev.adjoint.expression.NotComputableException;
import dev.adjoint.network.NetworkValidationException;
import dev.adjoint.web.admission.AdmissionRefusedException;
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


/**
 * The one place failures become RFC 9457 problem details: ours (syntax, not computable, limits,
 * invalid fields) and Spring MVC's own (malformed JSON, 404, 405, 415, ... via the base class).
 * No stack trace leaves the process; anything unexpected is a logged 500 with no details.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ApiPaths paths;

    ProblemHandler(ApiPaths paths) {
        this.paths = paths;
    }

    /** A path no handler serves: 404, saying which API paths exist and, if one is close, which was meant. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(org.springframework.web.servlet.resource.NoResourceFoundException e,
                                                                    HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof org.springframework.web.context.request.ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI() : "/" + e.getResourcePath();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, paths.notFound(path));
        p.setInstance(Problems.instance(path));
        String nearest = paths.nearest(path);
        if (nearest != null) {
            p.setProperty("suggestion", nearest);
        }
        p.setProperty("endpoints", paths.posts());
        return handleExceptionInternal(e, p, headers, HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler({ExpressionSyntaxException.class, NotComputableException.class, NetworkValidationException.class,
            LimitExceededException.class, InvalidRequestException.class, AdmissionRefusedException.class, DeadlineExceededException.class})
    ResponseEntity<ProblemDetail> domain(RuntimeException e, HttpServletRequest request) {
        return respond(ProblemMapper.of(e), request);
    }

    /**
     * A multipart body (uploads are off, spring.servlet.multipart.enabled=false, so this only
     * happens if they are switched on again): the service reads JSON, never a form.
     */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(RuntimeException e, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "this service reads JSON bodies, not multipart forms; send Content-Type: application/json");
        return respond(p, request);
    }

    /** The body did not arrive in time: 408, and the connection is closed (the rest of the body is never read). */
    @ExceptionHandler(BodyTimeoutException.class)
    ResponseEntity<ProblemDetail> bodyTimeout(BodyTimeoutException e, HttpServletRequest request) {
        return bodyTimedOut(e, request);
    }

    private static ResponseEntity<ProblemDetail> bodyTimedOut(BodyTimeoutException e, HttpServletRequest request) {
        ProblemDetail p = Problems.BODY_TIMEOUT.detail(HttpStatus.REQUEST_TIMEOUT, e.getMessage());
        p.setInstance(Problems.instance(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).header(HttpHeaders.CONNECTION, "close").body(p);
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
                return handleExceptionInternal(e, ProblemMapper.of(limit), headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
            if (t instanceof BodyTimeoutException timeout && request instanceof org.springframework.web.context.request.ServletWebRequest servlet) {
                ResponseEntity<ProblemDetail> answer = bodyTimedOut(timeout, servlet.getRequest());
                return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).body(answer.getBody());
            }
        }
        ProblemDetail p = e.getCause() instanceof JacksonException jackson ? ProblemMapper.unreadable(jackson)
                : Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                        ? "the request has no body; send a JSON object" : "the request body is not valid JSON for this endpoint");
        return handleExceptionInternal(e, p, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The wrong Content-Type: say to send JSON, and how (the framework names only the type it got). */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(org.springframework.web.HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                ProblemMapper.unsupportedMediaType(e.getContentType() == null ? null : e.getContentType().toString()));
        return handleExceptionInternal(e, p, headers, status, request);
    }

    /** The wrong method: say which the path takes (the Allow header lists them too). */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(org.springframework.web.HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
                ProblemMapper.methodNotAllowed(e.getMethod(), e.getSupportedMethods() == null ? null : java.util.List.of(e.getSupportedMethods())));
        return handleExceptionInternal(e, p, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p, HttpServletRequest request) {
        p.setInstance(Problems.instance(request.getRequestURI()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(p.getStatus());
        if (p.getProperties() != null && p.getProperties().get(ProblemMapper.RETRY_AFTER) instanceof Long seconds) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)); // a 503 says when to come back (RFC 9110 10.2.3)
        }
        return answer.body(p);
    }
}
