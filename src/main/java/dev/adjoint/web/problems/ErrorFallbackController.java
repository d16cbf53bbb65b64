package dev.adjoint.web.problems;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failures that never reach Spring MVC's handlers (the servlet container's own errors) are sent
 * to /error; answer those as problem+json too, instead of Boot's default error body. A request
 * for /error itself, with any method, is a path that does not exist: 404. Not part of the API, so
 * hidden from the OpenAPI document.
 */
@Hidden
@RestController
class ErrorFallbackController implements ErrorController {

    private final JsonMapper json;
    private final ApiPaths paths;

    ErrorFallbackController(JsonMapper json, ApiPaths paths) {
        this.json = json;
        this.paths = paths;
    }

    @RequestMapping("/error")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, paths.notFound(request.getRequestURI()));
            p.setInstance(Problems.instance(request.getRequestURI()));
            p.setProperty("endpoints", paths.posts()); // as every other 404 (ProblemHandler)
            return write(p);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (timedOutReading(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
            status = HttpStatus.REQUEST_TIMEOUT; // the client's bytes stopped arriving (a non-blocking body read timed out)
        }
        // Tomcat answers a body read that timed out (server.tomcat.connection-timeout) with 408 itself.
        ProblemDetail p = status == HttpStatus.REQUEST_TIMEOUT ? Problems.BODY_TIMEOUT.detail(status,
                "the request body stopped arriving for longer than the server's read timeout; send it without pauses")
                : ProblemDetail.forStatus(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            p.setInstance(Problems.instance(path));
        }
        return write(p);
    }

    /**
     * The problem with a Content-Length: Tomcat may close the connection right after an error
     * response (a read that timed out), and a chunked body would then lack its last chunk.
     */
    private ResponseEntity<byte[]> write(ProblemDetail p) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (p.getType() != null && !"about:blank".equals(p.getType().toString())) {
            body.put("type", p.getType().toString());
        }
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        if (p.getDetail() != null) {
            body.put("detail", p.getDetail());
        }
        if (p.getInstance() != null) {
            body.put("instance", p.getInstance().toString());
        }
        if (p.getProperties() != null) {
            body.putAll(p.getProperties());
        }
        byte[] bytes = json.writeValueAsBytes(body);
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).contentLength(bytes.length).body(bytes);
    }

    private static boolean timedOutReading(Object exception) {
        for (Throwable t = exception instanceof Throwable e ? e : null; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
