package dev.adjoint.web.access;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The requests the access tests send, and the problem+json checks they share. */
final class ApiCalls {

    static final String GRADIENT = "/api/v1/expressions/gradient";
    static final String EXAMPLE_1 = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}""";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ApiCalls() {
    }

    static MockHttpServletRequestBuilder example1() {
        return post(GRADIENT).contentType(MediaType.APPLICATION_JSON).content(EXAMPLE_1);
    }

    /** Asserts an RFC 9457 answer of this status and {@code type} kind, and returns its body. */
    static JsonNode problem(MvcResult result, int status, String kind) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode body = MAPPER.readTree(result.getResponse().getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("https://adjoint.dev/problems/" + kind);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }
}
