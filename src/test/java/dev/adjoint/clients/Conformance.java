package dev.adjoint.clients;

import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client examples print, compared with the conformance cases (src/test/resources/conformance,
 * computed by PyTorch): Example 1 is {@code seed-ex1}, Example 2 {@code seed-ex2-program}, and the check
 * grades a submission against {@code seed-ex1-program}'s node gradients.
 */
final class Conformance {

    private Conformance() {
    }

    /** {@code {"value": ..., "gradient": {...}}} as seed-ex1 has them. */
    static void assertExampleOne(JsonNode answer) {
        JsonNode want = find("expressions.jsonl", "seed-ex1");
        assertClose("example 1 value", answer.path("value"), want.path("value"));
        assertThat(answer.path("gradient").propertyNames()).containsExactlyInAnyOrderElementsOf(want.path("gradient").propertyNames());
        assertClose("example 1 gradient", answer.path("gradient"), want.path("gradient"));
    }

    /** Every variable's gradient of the note's network written as a tensor program. */
    static void assertExampleTwo(JsonNode answer) {
        JsonNode want = find("tensor_programs.jsonl", "seed-ex2-program");
        assertClose("example 2 value", answer.path("value"), want.path("value"));
        assertThat(answer.path("gradient").propertyNames()).containsExactlyInAnyOrderElementsOf(want.path("gradient").propertyNames());
        assertClose("example 2 gradient", answer.path("gradient"), want.path("gradient"));
    }

    /** g_e and g_c right, g_b with the wrong sign: 2 of 3, and b is the first wrong gradient, with its true value. */
    static void assertCheck(JsonNode answer) {
        JsonNode nodes = find("programs.jsonl", "seed-ex1-program").path("nodes");
        assertThat(answer.path("correct").asBoolean(true)).isFalse();
        assertThat(answer.path("score").asDouble()).isCloseTo(2.0 / 3.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(answer.path("firstWrongGradient").path("node").asString()).isEqualTo("b");
        assertClose("check expected g_b", answer.path("firstWrongGradient").path("expected"), nodes.path("b").path("gradient"));
    }

    static JsonNode find(String file, String id) {
        InputStream in = Conformance.class.getResourceAsStream("/conformance/" + file);
        if (in == null) {
            throw new IllegalStateException("missing conformance file " + file);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).map(ClientProcess.JSON::readTree)
                    .filter(c -> id.equals(c.path("id").asString(""))).findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " has no case " + id));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Numbers, lists and objects of numbers, element by element: |got - want| <= 1e-12 + 1e-9 |want|. */
    static void assertClose(String what, JsonNode got, JsonNode want) {
        if (want.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = want.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertClose(what + "." + e.getKey(), got.path(e.getKey()), e.getValue());
            }
        } else if (want.isArray()) {
            assertThat(got.isArray()).as(what + " is " + got).isTrue();
            assertThat(got.size()).as(what + " size").isEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertClose(what + "[" + i + "]", got.get(i), want.get(i));
            }
        } else {
            assertThat(got.isNumber()).as(what + " is " + got).isTrue();
            double g = got.asDouble();
            double w = want.asDouble();
            assertThat(Math.abs(g - w)).as(what + ": got " + g + ", want " + w).isLessThanOrEqualTo(1e-12 + 1e-9 * Math.abs(w));
        }
    }
}
