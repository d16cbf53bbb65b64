package dev.adjoint.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures that never reach Spring MVC's handlers (the servlet container's own errors) are sent
 * to /error; answer those as problem+json too, instead of Boot's default error body. A request
 * for /error itself, with any method, is a path that does not exist: 404.
 */
@RestController
class ErrorFallbackController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no endpoint at " + request.getRequestURI());
            p.setInstance(Problems.instance(request.getRequestURI()));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(p);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c) : HttpStatus.INTERNAL_SERVER_ERROR;
        // Tomcat answers a body read that timed out (server.tomcat.connection-timeout) with 408 itself.
        ProblemDetail p = status == HttpStatus.REQUEST_TIMEOUT ? Problems.BODY_TIMEOUT.detail(status,
                "the request body stopped arriving for longer than the server's read timeout; send it without pauses")
                : ProblemDetail.forStatus(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            p.setInstance(Problems.instance(path));
        }
        return ResponseEntity.status(status).body(p);
    }
}
