package dev.adjoint.web.expressions;

import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A body the route declines reaches Spring MVC whole, through the stream and through the reader alike. */
class GradientRouteReplayTest {

    // declined: a list in the bindings is left to the data binder; non-ASCII text checks the decoding
    private static final String BODY = "{\"expression\":\"x*y + 1\",\"bindings\":{\"x\":[1,2],\"y\":3},\"output\":\"é\"}";

    private final GradientRoute route = new GradientRoute(null, null, List.of(),
            new ExpressionRequestReader(JsonMapper.builder().build(), 1_000), null, 1 << 20);

    private ServletRequest declined() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", GradientRoute.PATH);
        request.setContentType("application/json");
        request.setCharacterEncoding("UTF-8");
        request.setContent(BODY.getBytes(StandardCharsets.UTF_8));
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        route.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
        return passed.get();
    }

    @Test
    void theReaderGivesTheWholeBody() throws Exception {
        try (BufferedReader reader = declined().getReader()) {
            assertEquals(BODY, reader.lines().collect(Collectors.joining("\n")));
        }
    }

    @Test
    void theStreamGivesTheWholeBodyAndRefusesAListener() throws Exception {
        var in = declined().getInputStream();
        assertEquals(BODY, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(true, in.isFinished());
        assertThrows(IllegalStateException.class, () -> in.setReadListener(null));
    }
}
