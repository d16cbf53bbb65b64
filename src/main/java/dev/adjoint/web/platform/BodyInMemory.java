package dev.adjoint.web.platform;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/** Whether a request's whole body can be read now without waiting for the network. */
public final class BodyInMemory {

    private BodyInMemory() {
    }

    /**
     * True for a request whose body arrived whole with its headers ({@link ArrivedBodyValve}), and
     * for requests that are not Tomcat's (MockMvc's hold their body in memory); false for a body
     * still on its way, which {@link BodyReadingFilter} reads without holding a thread.
     */
    public static boolean of(ServletRequest request) {
        return arrived(request) || !isTomcatRequest(request);
    }

    /** The body came whole with the headers ({@link ArrivedBodyValve} saw it). */
    static boolean arrived(ServletRequest request) {
        return request.getAttribute(ArrivedBodyValve.ARRIVED) != null;
    }

    /** A request of Tomcat's, under any wrappers (its body comes off the socket, not out of memory). */
    static boolean isTomcatRequest(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        return r.getClass().getName().startsWith("org.apache.catalina.");
    }
}
