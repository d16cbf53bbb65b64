package dev.adjoint.web.admission;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * Admits reading and parsing a request's body before it starts: JSON numbers grow about fourfold
 * as doubles, and the parser's growing buffers double that, so 16 clients each sending 4 MB of
 * weights were a gigabyte of arrays before any cost could be known. The body's ticket is the
 * request's until the {@link FrontDoor} knows the real cost and swaps it for the computation's.
 */
final class BodyAdmissionFilter extends OncePerRequestFilter {

    /** Heap per body byte while it is parsed (see above). */
    static final long BYTES_PER_BODY_BYTE = 8;
    static final String TICKET = BodyAdmissionFilter.class.getName() + ".ticket";

    private final FrontDoor frontDoor;
    private final long maxBodyBytes;
    private final HandlerExceptionResolver resolvers;

    BodyAdmissionFilter(FrontDoor frontDoor, long maxBodyBytes, HandlerExceptionResolver resolvers) {
        this.frontDoor = frontDoor;
        this.maxBodyBytes = maxBodyBytes;
        this.resolvers = resolvers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            chain.doFilter(request, response); // refused (413) at its first read, by the body size limit: nothing to admit
            return;
        }
        long body = length < 0 ? maxBodyBytes : Math.min(length, maxBodyBytes); // a chunked body may be as large as allowed
        Ticket ticket;
        try {
            ticket = frontDoor.admitBody(body * BYTES_PER_BODY_BYTE);
        } catch (AdmissionRefusedException refused) {
            if (resolvers.resolveException(request, response, null, refused) == null) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
            return;
        }
        request.setAttribute(TICKET, ticket);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
        } finally {
            if (async) {
                // The body is still arriving (read without a thread): the ticket is held until the
                // request completes, or until the front door swaps it for the computation's.
                request.getAsyncContext().addListener(new ClosesTicket(ticket));
            } else {
                ticket.close(); // harmless if the front door already swapped it
            }
        }
    }

    /** Releases a body's ticket however its asynchronous request ends. */
    private record ClosesTicket(Ticket ticket) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            ticket.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ticket.close();
        }

        @Override
        public void onError(AsyncEvent event) {
            ticket.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // a new async cycle drops the listeners; stay on it
        }
    }
}
