package dev.adjoint.web.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat itself: a body that arrived with its headers is handled on the request's first dispatch
 * (ArrivedBodyValve), one that is still on its way is read without a thread and handled on an ASYNC
 * dispatch (BodyReadingFilter); both get the same answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArrivedBodyTest {

    /** The dispatch on which each gradient request reached the servlet, in order. */
    static final BlockingQueue<DispatcherType> DISPATCHES = new LinkedBlockingQueue<>();

    @TestConfiguration
    static class Recorder {
        @Bean
        FilterRegistrationBean<Filter> dispatchRecorder() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                if (request.getServletContext() != null && ((jakarta.servlet.http.HttpServletRequest) request).getRequestURI().endsWith("/gradient")) {
                    DISPATCHES.add(request.getDispatcherType());
                }
                chain.doFilter(request, response);
            });
            // just before the gradient route (web.expressions.GradientRoute, the last filter), which answers such a request on this dispatch
            registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
            registration.setAsyncSupported(true);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            return registration;
        }
    }

    @LocalServerPort
    int port;

    @Test
    void aBodyThatCameWithItsHeadersIsHandledOnTheFirstDispatch() throws Exception {
        DISPATCHES.clear();
        String answer = exchange(0);
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"value\":9");
        assertThat(DISPATCHES.poll(5, TimeUnit.SECONDS)).isEqualTo(DispatcherType.REQUEST);
        assertThat(DISPATCHES).isEmpty();
    }

    @Test
    void aBodyStillOnItsWayIsHandledOnAnAsyncDispatch() throws Exception {
        DISPATCHES.clear();
        String answer = exchange(300);
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"value\":9");
        assertThat(DISPATCHES.poll(5, TimeUnit.SECONDS)).isEqualTo(DispatcherType.ASYNC);
        assertThat(DISPATCHES).isEmpty();
    }

    /** POSTs Example-sized JSON; with {@code pauseMillis} 0 headers and body in one write, else the body that much later. */
    private String exchange(int pauseMillis) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            String body = "{\"expression\": \"x*x\", \"bindings\": {\"x\": 3}}";
            String head = "POST /api/v1/expressions/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
            if (pauseMillis == 0) {
                out.write((head + body).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMillis);
                out.write(body.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
