package dev.adjoint.web.admission;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Requests the admission tests send, and the problem+json check they share. */
final class Requests {

    static final String EXAMPLE_1 = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}""";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final JsonMapper MAPPER_FOR_TESTS = MAPPER;

    private Requests() {
    }

    static MockHttpServletRequestBuilder json(String path, String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** A program of {@code lines} lines, each {@code a_k = a_(k-1) * x}: about 5 tokens a line. */
    static String chainProgram(int lines) {
        List<String> l = new ArrayList<>(List.of("a1 = sin(x)"));
        for (int k = 2; k <= lines; k++) {
            l.add("a" + k + " = a" + (k - 1) + " * x");
        }
        return "{\"program\": \"" + String.join("\\n", l) + "\", \"bindings\": {\"x\": 0.5}}";
    }

    /** {@code lines} lines, each the sum of every line before it. */
    static String allPairsProgram(int lines) {
        List<String> l = new ArrayList<>(List.of("a1 = x"));
        for (int k = 2; k <= lines; k++) {
            List<String> terms = new ArrayList<>();
            for (int j = 1; j < k; j++) {
                terms.add("a" + j);
            }
            l.add("a" + k + " = " + String.join(" + ", terms));
        }
        return "{\"program\": \"" + String.join("\\n", l) + "\", \"bindings\": {\"x\": 0.5}}";
    }

    /** {@code layers} 1x1 linear layers, one example, trained for {@code epochs}. */
    static String deepTraining(int layers, int epochs) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            l.add("{\"weights\": [[0.99]], \"activation\": \"linear\"}");
        }
        return "{\"layers\": [" + String.join(",", l) + "], \"loss\": \"squared_error\", \"examples\": [{\"x\": [1], \"y\": 1}],"
                + " \"learningRate\": 0.001, \"epochs\": " + epochs + "}";
    }

    static String batchOf(int items, String path, String body) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            l.add("{\"path\": \"" + path + "\", \"body\": " + body + "}");
        }
        return "{\"requests\": [" + String.join(",", l) + "]}";
    }

    static JsonNode parse(String body) {
        return MAPPER.readTree(body);
    }

    /** Asserts an RFC 9457 answer of this status and {@code type} kind, and returns its body. */
    static JsonNode problem(MvcResult result, int status, String kind) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode body = MAPPER.readTree(result.getResponse().getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("https://adjoint.dev/problems/" + kind);
        return body;
    }
}
