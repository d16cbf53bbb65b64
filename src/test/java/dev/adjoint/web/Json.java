package dev.adjoint.web;

import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON helpers for tests: parse bodies (a 200 answer's, a problem's), read the conformance files,
 * compare numbers with the suite's tolerance.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode parse(String body) {
        return MAPPER.readTree(body);
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** One JSON object per line of a file under src/test/resources/conformance. */
    public static List<JsonNode> conformance(String file) {
        InputStream in = Json.class.getResourceAsStream("/conformance/" + file);
        if (in == null) {
            throw new IllegalStateException("missing conformance file " + file);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).map(Json::parse).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conformance suite's agreement rule: |got - want| <= 1e-12 + 1e-9 * |want|. */
    public static boolean close(double got, double want) {
        return Math.abs(got - want) <= 1e-12 + 1e-9 * Math.abs(want);
    }

    /** The body of a 200 answer; any other status fails, with the body as the message. */
    public static JsonNode ok(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return parse(r.getResponse().getContentAsString());
    }

    /** The body of an RFC 9457 answer with this status; another status or content type fails. */
    public static JsonNode problem(MvcResult r, int status) throws Exception {
        String body = r.getResponse().getContentAsString();
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json");
        return parse(body);
    }
}
