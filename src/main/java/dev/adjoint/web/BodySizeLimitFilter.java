package dev.adjoint.web;

import dev.adjoint.autodiff.LimitExceededException;
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
 * Caps request bodies at {@code adjoint.limits.max-body-bytes}. The body is read through a
 * counting stream that fails at the limit (whether or not a Content-Length was sent), so the
 * failure surfaces inside Spring MVC and the problem handler answers it as 413.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    BodySizeLimitFilter(LimitsProperties limits) {
        this.maxBytes = limits.maxBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new LimitedInputStream(super.getInputStream(), request.getContentLengthLong(), maxBytes);
                }
                return stream;
            }
        }, response);
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long declared;
        private final long max;
        private long read;

        LimitedInputStream(ServletInputStream in, long declared, long max) {
            this.in = in;
            this.declared = declared;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void check(long more) {
            if (declared > max) {
                throw tooLarge(declared);
            }
        }

        private void count(int n) {
            read += n;
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
