package dev.adjoint.web;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expression and program text with bindings: the lexer, the parser, the compiler (names, sharing,
 * diagnostics, suggestions), the sweeps, the trace and the finite-difference check, through the
 * HTTP path. The JSON is always well formed (the request reader has its own fuzz test), so the
 * fuzzer's effort goes into the text.
 *
 * <p>An input is one header line, then the text:
 * <pre>
 * program x=2 z=3 | x z > y verify
 * a = x*z
 * y = exp(a)
 * </pre>
 * The header's first word is {@code expression} or {@code program} (anything else: expression);
 * {@code name=value} binds (value as Java reads a double: {@code NaN}, {@code -Infinity} and
 * {@code 0x1p3} too; a JSON list such as {@code [[1,2],[3,4]]} binds a tensor; anything else binds 1); after {@code |} the names are {@code wrt}; {@code >name}
 * is the program's output; {@code verify} asks for the central-difference check. A word naming
 * another endpoint sends it there instead: {@code check} (with the submission {@code value: 1}),
 * {@code graph}, and API.md section 6's {@code jacobian} ({@code >name} is then {@code outputs}),
 * {@code hessian} ({@code hvp}: with {@code vector}), {@code jvp} (the bindings are the tangents
 * too) and {@code derivative} ({@code order2}: second derivatives too); an endpoint the service
 * does not have yet answers 404, which passes.
 */
@FuzzedService
class ExpressionFuzzTest {

    private static final List<String> ENDPOINTS = List.of("gradient", "check", "graph", "jacobian", "hessian", "jvp", "derivative");

    @Autowired
    MockMvc mvc;

    /** The language's words and symbols, and the header's. */
    @DictionaryEntries({"log", "ln", "log2", "log10", "exp", "sqrt", "abs", "sin", "cos", "tan", "asin", "acos", "atan",
            "sinh", "cosh", "tanh", "sigmoid", "relu", "softplus", "sign", "step", "pow", "pi", "e", "sum", "mean", "dot",
            "outer", "norm", "softmax", "log_softmax", "logsumexp", "transpose", "**", "^", "@", "'", "(", ")", "[", "]",
            ",", "=", ";", "#", "1e308", "1e-400", ".5", "0x1p3", "NaN", "Infinity", "program", "expression", "verify",
            "check", "graph", "jacobian", "hessian", "hvp", "jvp", "derivative", "order2", " | ", " >", "=[[1,2],[3,4]]", "=[1,2]"})
    @FuzzTest(maxDuration = "20s")
    void text(byte[] input) throws Exception {
        String all = new String(input, StandardCharsets.UTF_8);
        int newline = all.indexOf('\n');
        String header = newline < 0 ? "" : all.substring(0, newline);
        String text = newline < 0 ? all : all.substring(newline + 1);

        String[] words = header.trim().split("\\s+");
        boolean program = words[0].equals("program");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(program ? "program" : "expression", text);
        Map<String, Object> bindings = new LinkedHashMap<>();
        List<String> wrt = null;
        String endpoint = "gradient";
        boolean hvp = false;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.equals("|")) {
                wrt = new ArrayList<>();
            } else if (w.equals("verify")) {
                body.put("verify", true);
            } else if (ENDPOINTS.contains(w)) {
                endpoint = w;
            } else if (w.equals("hvp")) {
                hvp = true;
            } else if (w.equals("order2")) {
                body.put("order", 2);
            } else if (w.startsWith(">") && program) {
                body.put("output", w.substring(1));
            } else if (wrt != null) {
                wrt.add(w);
            } else if (w.indexOf('=') > 0) {
                String name = w.substring(0, w.indexOf('='));
                bindings.put(name, number(w.substring(w.indexOf('=') + 1)));
            }
        }
        body.put("bindings", bindings);
        if (wrt != null) {
            body.put("wrt", wrt);
        }
        // each endpoint reads its own fields and rejects the others'
        if (!endpoint.equals("gradient")) {
            body.remove("verify");
        }
        if (!endpoint.equals("derivative")) {
            body.remove("order");
        }
        switch (endpoint) {
            case "check" -> body.put("submission", Map.of("value", 1));
            case "jacobian" -> {
                Object output = body.remove("output");
                if (output != null) {
                    body.put("outputs", List.of(output));
                }
            }
            case "hessian" -> {
                if (hvp) {
                    body.put("vector", bindings);
                }
            }
            case "jvp" -> body.put("tangents", bindings);
            default -> {
            }
        }
        FuzzedRequests.postAndCheck(mvc, "/api/v1/expressions/" + endpoint, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A double as Java reads one; non-finite values go as the strings the API writes them as; a list as itself. */
    private static Object number(String s) {
        if (s.startsWith("[")) {
            try {
                return Json.parse(s);
            } catch (RuntimeException notJson) {
                return 1.0;
            }
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            v = 1;
        }
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }
}
