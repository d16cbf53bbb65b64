package dev.adjoint.web.expressions;

import dev.adjoint.web.platform.BodyInMemory;
import dev.adjoint.web.platform.HeldBodyStream;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.List;

/**
 * {@code POST /api/v1/expressions/gradient} in its common form answered without the
 * {@code DispatcherServlet}: the last filter, after every other one (request timer, CORS, rate limit,
 * API key, body admission, body limits), so all of them still apply. Handler lookup, argument
 * resolution, the message converters' content negotiation and {@code HttpHeaders} copies, and the
 * request-handled event cost an Example 1 request about a fifth of its CPU
 * (BENCHMARKS.md "Issue 16, fifth pass"); the answer is the controller's own method, written by the
 * same mapper, so the bytes are the same.
 *
 * <p>It takes a request only when Spring MVC would pick the same handler and the same reading and
 * writing: exactly this path, POST, {@code Content-Type: application/json}, an {@code Accept} that
 * is absent, {@code *}{@code /*} or {@code application/json}, a Content-Length within the body limit,
 * and the whole body already in memory ({@link BodyInMemory}). Its body is read by
 * {@link ExpressionRequestReader}; a body that reader declines, and every other request, go on to
 * the {@code DispatcherServlet} unchanged (a declined body is replayed from memory). Failures go to
 * the same exception resolvers, in the same order and with the same handler, as the
 * {@code DispatcherServlet} would use, so problem+json answers are the same. The request timer gets
 * the route's pattern, as the handler mapping would set it. A filter ordered after it (at
 * {@code Ordered.LOWEST_PRECEDENCE} too) does not see the requests it answers.
 */
final class GradientRoute implements Filter {

    static final String PATH = "/api/v1/expressions/gradient";
    private static final String JSON = "application/json";

    private final ExpressionController controller;
    private final HandlerMethod handler;
    private final List<HandlerExceptionResolver> resolvers;
    private final ExpressionRequestReader reader;
    private final ObjectWriter writer;
    private final long maxBodyBytes;

    GradientRoute(ExpressionController controller, HandlerMethod handler, List<HandlerExceptionResolver> resolvers,
                  ExpressionRequestReader reader, ObjectWriter writer, long maxBodyBytes) {
        this.controller = controller;
        this.handler = handler;
        this.resolvers = List.copyOf(resolvers);
        this.reader = reader;
        this.writer = writer;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response) || !takes(request)) {
            chain.doFilter(req, res);
            return;
        }
        int length = (int) request.getContentLengthLong();
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes(length);
        ExpressionRequest parsed = body.length == length ? reader.read(body) : null;
        if (parsed == null) {
            chain.doFilter(new Replayed(request, body, in), response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATH));
        try {
            GradientResponse answer = controller.gradient(parsed);
            response.setContentType(JSON);
            try (JsonGenerator generator = writer.createGenerator(new Unflushed(response.getOutputStream()), JsonEncoding.UTF8)) {
                writer.writeValue(generator, answer);
            }
        } catch (Exception e) {
            resolve(request, response, e);
        } catch (Error e) { // as DispatcherServlet wraps an Error before the resolvers see it
            resolve(request, response, new ServletException("Handler dispatch failed: " + e, e));
        }
    }

    private boolean takes(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !"POST".equals(request.getMethod())
                || !PATH.equals(request.getRequestURI())) {
            return false;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.equalsIgnoreCase(JSON)) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.equals("*/*") && !accept.equalsIgnoreCase(JSON)) {
            return false;
        }
        long length = request.getContentLengthLong();
        return length > 0 && length <= maxBodyBytes && BodyInMemory.of(request);
    }

    /** As {@code DispatcherServlet.processHandlerException}: the resolvers in order, with the controller's handler. */
    private void resolve(HttpServletRequest request, HttpServletResponse response, Exception e) throws IOException, ServletException {
        try {
            response.resetBuffer();
        } catch (IllegalStateException committed) {
            // the answer is on its way already; the resolvers see that too
        }
        for (HandlerExceptionResolver resolver : resolvers) {
            ModelAndView mv = resolver.resolveException(request, response, handler, e);
            if (mv != null) {
                if (mv.isEmpty()) {
                    request.setAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE, e);
                    return;
                }
                break; // a view: none of this service's resolvers makes one
            }
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof ServletException servlet) {
            throw servlet;
        }
        throw new ServletException("Request processing failed: " + e, e); // as FrameworkServlet wraps it
    }

    /** The servlet stream as Spring MVC's converters see it: written to, never flushed or closed, so Tomcat sets Content-Length. */
    private static final class Unflushed extends OutputStream {
        private final OutputStream out;

        Unflushed(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }

    /** A declined request for the {@code DispatcherServlet}: the bytes already read, then whatever the stream still holds. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final HeldBodyStream stream;

        Replayed(HttpServletRequest request, byte[] read, InputStream rest) {
            super(request);
            this.stream = new HeldBodyStream(new SequenceInputStream(new ByteArrayInputStream(read), rest),
                    "a replayed body is read with blocking reads");
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() { // the wrapped request's reader would start after the bytes already read
            return stream.reader(getCharacterEncoding());
        }
    }
}
