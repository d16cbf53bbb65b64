package dev.adjoint.web.platform;

import dev.adjoint.web.problems.Problems;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads request bodies without holding a thread while they arrive. Tomcat's NIO connector keeps a
 * connection that is waiting for bytes off its worker threads, but a servlet reading a body with
 * blocking reads (Spring MVC's message converters do) holds one: 210 clients sending a byte every
 * 4 s held all 200. Here the body is read with Servlet non-blocking I/O (a {@link ReadListener}):
 * no thread waits for it; once it is complete, the request is dispatched again (an ASYNC dispatch)
 * with the body in memory, and handled as usual. The filters before this one (CORS, rate limit,
 * API key) have run on the first dispatch and skip the second, as once-per-request filters do, so
 * a refused client never gets its body read. A body must arrive within
 * {@code adjoint.body.read-timeout} (else 408, connection closed) and fit
 * {@code adjoint.limits.max-body-bytes} (else 413, before it is all read).
 *
 * <p>A body that arrived whole with its headers ({@link ArrivedBodyValve}) is read where it is:
 * no read can wait, so there is nothing to gain from the second dispatch.
 *
 * <p>Only Tomcat's own requests take this path; others (MockMvc's, which have no non-blocking
 * input) are passed on unchanged, and {@link BodySizeLimitFilter} applies the same limits to
 * them with blocking reads.
 */
class BodyReadingFilter extends OncePerRequestFilter {

    /** Deadlines of bodies in flight; one thread, which only completes requests that ran out of time. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    /** Cancelled deadlines leave the queue at once: at thousands of requests a second, 20 s of them would pile up. */
    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "body-deadlines");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private final JsonMapper json;
    private final long maxBytes;
    private final long timeoutMillis;

    BodyReadingFilter(JsonMapper json, LimitsProperties limits, BodyProperties body) {
        this.json = json;
        this.maxBytes = limits.maxBodyBytes();
        this.timeoutMillis = body.readTimeout().toMillis();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody || !request.isAsyncSupported() || !BodyInMemory.isTomcatRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            chain.doFilter(request, response); // BodySizeLimitFilter answers 413 before reading a byte
            return;
        }
        if (BodyInMemory.arrived(request)) {
            chain.doFilter(request, response); // all of it is in memory already: reading it cannot wait
            return;
        }
        BufferedRequest buffered = new BufferedRequest(request);
        AsyncContext async = request.startAsync(buffered, response);
        async.setTimeout(0); // the deadline below covers the body; the computation is not timed here
        ServletInputStream in = request.getInputStream();
        Body body = new Body(request, response, buffered, async, in);
        body.deadline = DEADLINES.schedule(body::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        in.setReadListener(body);
    }

    /** One body on its way in: bytes so far, and who finishes the request (the last bytes, the deadline or an error). */
    private final class Body implements ReadListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final BufferedRequest buffered;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final Chunks bytes = new Chunks();
        private final byte[] buffer = new byte[8192];
        /** Set once by whichever of completion, deadline, size limit or error comes first. */
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Body(HttpServletRequest request, HttpServletResponse response, BufferedRequest buffered, AsyncContext async, ServletInputStream in) {
            this.request = request;
            this.response = response;
            this.buffered = buffered;
            this.async = async;
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                bytes.add(buffer, n);
                if (bytes.size() > maxBytes && finished.compareAndSet(false, true)) {
                    cancelDeadline();
                    answer(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded",
                            "The request is over a configured limit", "the request body is over " + bytes.size()
                                    + " bytes; the limit is " + maxBytes, Map.of("name", "bodyBytes", "limit", maxBytes, "actual", (long) bytes.size()));
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (finished.compareAndSet(false, true)) {
                cancelDeadline();
                buffered.body = bytes;
                async.dispatch(); // handled as usual on a container thread, now with the body in memory
            }
        }

        /**
         * The connection broke, the client went away, or Tomcat's read timeout passed
         * (server.tomcat.connection-timeout without a byte): Tomcat answers with an error dispatch
         * ({@link dev.adjoint.web.problems.ErrorFallbackController} makes a read timeout 408) or closes the connection.
         */
        @Override
        public void onError(Throwable t) {
            if (finished.compareAndSet(false, true)) {
                cancelDeadline(); // and no complete(): it would cut Tomcat's error dispatch short
            }
        }

        void timedOut() {
            if (finished.compareAndSet(false, true)) {
                answer(HttpStatus.REQUEST_TIMEOUT, "body-timeout", "The request body did not arrive in time",
                        "the request body took longer than " + timeoutMillis / 1000 + " s to arrive (" + bytes.size()
                                + " bytes so far); send it faster, or in smaller requests", Map.of());
            }
        }

        private void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        /** A problem written directly (Spring MVC has not seen this request), then the connection closed. */
        private void answer(HttpStatus status, String kind, String title, String detail, Map<String, Object> more) {
            try {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("type", Problems.BASE + kind);
                problem.put("title", title);
                problem.put("status", status.value());
                problem.put("detail", detail);
                problem.put("instance", Problems.instance(request.getRequestURI()).toString());
                problem.putAll(more);
                response.setStatus(status.value());
                response.setHeader("Connection", "close");
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(json.writeValueAsBytes(problem));
            } catch (IOException | IllegalStateException e) {
                // the client is gone: nothing more to say
            } finally {
                async.complete();
            }
        }
    }

    /** The request whose body is read into memory before it is handled (set before the dispatch that handles it). */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private volatile Chunks body = new Chunks();
        private ServletInputStream stream;

        BufferedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() {
            if (stream == null) {
                stream = new HeldBodyStream(body.inputStream(), "the body has been read already");
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() {
            return ((HeldBodyStream) getInputStream()).reader(getCharacterEncoding());
        }

        @Override
        public int getContentLength() {
            return (int) body.size();
        }

        @Override
        public long getContentLengthLong() {
            return body.size();
        }
    }

    /**
     * A body as the pieces it arrived in: memory grows with the bytes received, never with the
     * Content-Length a client announced, and nothing is copied into one array at the end.
     */
    private static final class Chunks {
        private final List<byte[]> pieces = new ArrayList<>();
        private long size;

        void add(byte[] buffer, int n) {
            pieces.add(java.util.Arrays.copyOf(buffer, n));
            size += n;
        }

        long size() {
            return size;
        }

        InputStream inputStream() {
            List<InputStream> streams = new ArrayList<>(pieces.size());
            for (byte[] piece : pieces) {
                streams.add(new ByteArrayInputStream(piece));
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }
    }
}
