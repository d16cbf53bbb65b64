package dev.adjoint.web.platform;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import java.io.IOException;

/**
 * Marks a request whose whole body arrived with its headers: a Content-Length, and at least that
 * many bytes already in Tomcat's read buffer (a small JSON body usually comes in the same packet as
 * its headers). Reading such a body cannot wait for the network, so {@link BodyReadingFilter} lets
 * it be read where it is instead of starting async I/O and dispatching the request a second time,
 * which cost an ordinary request about a fifth of its time (BENCHMARKS.md "Where users wait").
 * A body still on its way (a slow client, {@code Expect: 100-continue}, a chunked body) is not
 * marked and takes the non-blocking path.
 *
 * <p>Only a valve can ask: the servlet API's {@code available()} says whether any byte is
 * buffered, not how many.
 */
final class ArrivedBodyValve extends ValveBase {

    /** The request attribute set (to {@code Boolean.TRUE}) on a request whose body is all in memory. */
    static final String ARRIVED = ArrivedBodyValve.class.getName() + ".arrived";

    ArrivedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long length = request.getContentLengthLong();
        if (length > 0 && request.getCoyoteRequest().getReadListener() == null) {
            org.apache.coyote.Request coyote = request.getCoyoteRequest();
            coyote.action(ActionCode.AVAILABLE, Boolean.FALSE); // what is buffered now; never reads the socket
            if (coyote.getAvailable() >= length) {
                request.setAttribute(ARRIVED, Boolean.TRUE);
            }
        }
        getNext().invoke(request, response);
    }
}
