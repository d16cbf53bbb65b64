package dev.adjoint.web;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Raw bytes as request bodies: the strict JSON reader (JsonConfiguration), the request records, the
 * field rules and the conversion to the domain, through the real HTTP path. An input that starts
 * with one of the endpoints and a newline goes there (the committed seeds do, so they read as
 * requests); any other input is a body for the expression gradient.
 *
 * <p>Regression mode (every build) replays RequestReaderFuzzTestInputs/bodies; fuzzing: docs/fuzzing.md.
 */
@FuzzedService
class RequestReaderFuzzTest {

    static final List<String> ENDPOINTS = List.of(
            "/api/v1/expressions/gradient", "/api/v1/expressions/check", "/api/v1/expressions/graph",
            "/api/v1/networks/gradient", "/api/v1/networks/check", "/api/v1/networks/train", "/api/v1/networks/graph",
            "/api/v1/batch",
            // API.md section 6; a 404 until they land
            "/api/v1/expressions/jacobian", "/api/v1/expressions/hessian", "/api/v1/expressions/jvp", "/api/v1/expressions/derivative");

    @Autowired
    MockMvc mvc;

    /** Every field name of every request record, and the values the reader treats specially. */
    @DictionaryEntries({"\"expression\"", "\"program\"", "\"bindings\"", "\"wrt\"", "\"output\"", "\"verify\"",
            "\"submission\"", "\"tolerance\"", "\"relative\"", "\"absolute\"", "\"value\"", "\"gradient\"", "\"nodes\"",
            "\"layers\"", "\"weights\"", "\"bias\"", "\"activation\"", "\"loss\"", "\"example\"", "\"examples\"",
            "\"x\"", "\"y\"", "\"weightLayout\"", "\"learningRate\"", "\"epochs\"", "\"batchSize\"", "\"order\"",
            "\"seed\"", "\"recordSteps\"", "\"requests\"", "\"path\"", "\"body\"", "\"predictions\"",
            "\"outputs\"", "\"vector\"", "\"tangents\"",
            "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "1e400", "-0.0", "4.9e-324", "9223372036854775808",
            "null", "true", "false", "[]", "{}", "\\u0000", "\\ud800", "\"in_out\"", "\"out_in\"", "\"softmax\"",
            "\"cross_entropy\"", "\"binary_cross_entropy\"", "\"squared_error\"", "\"shuffled\""})
    @FuzzTest(maxDuration = "20s")
    void bodies(byte[] input) throws Exception {
        String path = ENDPOINTS.get(0);
        byte[] body = input;
        int newline = indexOf(input, (byte) '\n');
        if (newline > 0) {
            String first = new String(input, 0, newline, StandardCharsets.UTF_8);
            if (ENDPOINTS.contains(first)) {
                path = first;
                body = Arrays.copyOfRange(input, newline + 1, input.length);
            }
        }
        FuzzedRequests.postAndCheck(mvc, path, body);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < Math.min(bytes.length, 64); i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
