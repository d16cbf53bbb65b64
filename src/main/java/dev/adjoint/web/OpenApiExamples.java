package dev.adjoint.web;

/** Ready-to-send request bodies shown in Swagger UI: the lecture note's worked examples. */
final class OpenApiExamples {

    private OpenApiExamples() {
    }

    static final String EXAMPLE_1_EXPRESSION = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}""";

    static final String EXAMPLE_1_PROGRAM = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3}, "output": "y"}""";
}
