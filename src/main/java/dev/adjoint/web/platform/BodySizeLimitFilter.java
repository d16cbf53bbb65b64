package dev.adjoint.web.platform;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.web.problems.BodyTimeoutException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Caps request bodies at {@code adjoint.limits.max-body-bytes}, and the time they take to arrive
 * at {@code adjoint.body.read-timeout}. The body is read through a counting stream that fails at
 * the limit (whether or not a Content-Length was sent), so the failure surfaces inside Spring MVC
 * and the problem handler answers it as 413; a read that returns after the deadline, or that
 * times out in Tomcat ({@code server.tomcat.connection-timeout} without a byte), fails the same
 * way as 408.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final long readTimeoutNanos;

    BodySizeLimitFilter(LimitsProperties limits, BodyProperties body) {
        this.maxBytes = limits.maxBodyBytes();
        this.readTimeoutNanos = body.readTimeout().toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new LimitedInputStream(super.getInputStream(), request.getContentLengthLong(), maxBytes,
                            System.nanoTime() + readTimeoutNanos, readTimeoutNanos);
                }
                return stream;
            }
        }, response);
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long declared;
        private final long max;
        private final long deadline;
        private final long timeoutNanos;
        private long read;

        LimitedInputStream(ServletInputStream in, long declared, long max, long deadline, long timeoutNanos) {
            this.in = in;
            this.declared = declared;
            this.max = max;
            this.deadline = deadline;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw timedOut(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw timedOut(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /** A Tomcat read timeout as our 408; any other I/O failure as it was. */
        private IOException timedOut(IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.SocketTimeoutException) {
                    throw new BodyTimeoutException("no byte of the request body arrived for a while after " + read
                            + " bytes; send the body without pauses");
                }
            }
            return e;
        }

        private void check(long more) {
            if (declared > max) {
                throw tooLarge(declared);
            }
        }

        private void count(int n) {
            read += n;
            if (System.nanoTime() - deadline > 0) {
                throw new BodyTimeoutException("the request body took longer than " + java.time.Duration.ofNanos(timeoutNanos).toSeconds()
                        + " s to arrive (" + read + " bytes so far); send it faster, or in smaller requests");
            }
            if (read > max) {
                throw tooLarge(read);
            }
        }

        private LimitExceededException tooLarge(long actual) {
            return new LimitExceededException("bodyBytes", max, actual,
                    "the request body is " + (actual == declared ? "" : "over ") + actual + " bytes; the limit is " + max);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
