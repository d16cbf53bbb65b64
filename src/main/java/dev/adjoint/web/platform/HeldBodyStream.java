package dev.adjoint.web.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request body the service already holds in memory, handed to Spring MVC in place of the
 * container's stream by a request wrapper: blocking reads only (the bytes are here, nothing to wait
 * for), so a read listener is refused with the wrapper's reason.
 */
public final class HeldBodyStream extends ServletInputStream {

    private final InputStream in;
    private final String noListener;
    private boolean finished;

    /** {@code noListener}: why this body cannot be read asynchronously (the message of the refusal). */
    public HeldBodyStream(InputStream in, String noListener) {
        this.in = in;
        this.noListener = noListener;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        finished = b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        finished = n < 0;
        return n;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        throw new IllegalStateException(noListener);
    }

    /** The body as characters in the request's encoding (UTF-8 when it names none), as a wrapper's {@code getReader} gives it. */
    public BufferedReader reader(String encoding) {
        Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
        return new BufferedReader(new InputStreamReader(this, charset));
    }
}
