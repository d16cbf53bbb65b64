package dev.adjoint.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adjoint.client.ApiClient;
import dev.adjoint.client.ApiException;
import dev.adjoint.client.api.ExpressionsApi;
import dev.adjoint.client.model.CheckResponse;
import dev.adjoint.client.model.ExpressionCheckRequest;
import dev.adjoint.client.model.ExpressionRequest;
import dev.adjoint.client.model.GradientResponse;
import dev.adjoint.client.model.ToleranceRequest;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls Adjoint through the Java client that openapi-generator makes from docs/openapi.json (library
 * native: java.net.http and Jackson 2): the lecture note's Example 1 (an expression), Example 2 (its
 * network as a tensor program, docs/API.md section 5) and a check of a student's answer. Prints one
 * JSON line per call. Build and run it with {@code ./mvnw -B -Pclients test} (JavaClientExampleTest
 * starts a server), or call {@link #run} with the base URL of a running one. Set ADJOINT_API_KEY when
 * the server is configured with API keys; it is sent as X-API-Key.
 */
public final class JavaClientExample {

    private final ApiClient client = new ApiClient();
    private final ExpressionsApi expressions;
    private final ObjectMapper json;

    public JavaClientExample(String baseUrl) {
        client.updateBaseUri(baseUrl);
        String key = System.getenv("ADJOINT_API_KEY");
        if (key != null && !key.isBlank()) {
            client.setRequestInterceptor(request -> request.header("X-API-Key", key));
        }
        expressions = new ExpressionsApi(client);
        json = client.getObjectMapper();
    }

    public static void main(String[] args) throws Exception {
        new JavaClientExample(args.length > 0 ? args[0] : "http://localhost:8080").run(System.out);
    }

    /** The three calls, one JSON line each on {@code out}. */
    public void run(PrintStream out) throws ApiException, java.io.IOException {
        // Example 1: the note's expression at x = 2, z = 3.
        GradientResponse one = expressions.expressionGradient(new ExpressionRequest()
                .expression("exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)")
                .bindings(Map.of("x", 2.0, "z", 3.0)));
        out.println(line("example1", Map.of("value", one.getValue(), "gradient", one.getGradient())));

        // Example 2: the note's three-layer network as a tensor program; a binding is a number, a list or a list of rows.
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("x", List.of(-1.005152, 0.569301, 0.405));
        bindings.put("alpha1", List.of(List.of(-0.062699, -0.851957, 0.8779, 0.923563),
                List.of(0.037369, 0.015252, -0.791831, -1.490458), List.of(-0.38686, 0.256087, -1.292206, 0.881253)));
        bindings.put("alpha2", List.of(List.of(-0.803242, -0.801915, -1.372994), List.of(1.492684, 0.716063, 1.125119),
                List.of(0.34767, -1.39779, -0.513212), List.of(-0.007343, -1.152571, 1.355892)));
        bindings.put("alpha3", List.of(List.of(-0.39466), List.of(-1.035561), List.of(0.952528)));
        bindings.put("y", 1.0);
        GradientResponse two = expressions.expressionGradient(new ExpressionRequest()
                .program(String.join("\n",
                        "u1 = alpha1' @ x",
                        "z1 = sigmoid(u1)",
                        "u2 = alpha2' @ z1",
                        "z2 = sigmoid(u2)",
                        "u3 = alpha3' @ z2",
                        "yhat = sigmoid(u3)",
                        "J = -(y * log(yhat) + (1 - y) * log(1 - yhat))"))
                .bindings(bindings));
        out.println(line("example2", Map.of("value", two.getValue(), "gradient", two.getGradient())));

        // A check: g_e and g_c right, g_b with the wrong sign. The answer's shape follows the request's
        // format (Adjoint's own by default, or Gradescope's, or PrairieLearn's), so it comes as a tree.
        Object answer = expressions.expressionCheck(new ExpressionCheckRequest()
                .program("a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f")
                .bindings(Map.of("x", 2.0, "z", 3.0))
                .submission(Map.of("nodes", Map.of(
                        "e", Map.of("gradient", 1),
                        "c", Map.of("gradient", 0.1666667),
                        "b", Map.of("gradient", 12.6164))))
                .tolerance(new ToleranceRequest().relative(1e-6)));
        CheckResponse graded = json.convertValue(answer, CheckResponse.class);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("correct", graded.getCorrect());
        check.put("score", graded.getScore());
        check.put("firstWrongGradient", graded.getFirstWrongGradient());
        out.println(line("check", check));
    }

    private String line(String call, Map<String, Object> fields) throws java.io.IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("call", call);
        line.putAll(fields);
        return json.writeValueAsString(line);
    }
}
