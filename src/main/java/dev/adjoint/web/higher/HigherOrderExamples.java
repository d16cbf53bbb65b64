package dev.adjoint.web.higher;

/** Ready-to-send request bodies for Swagger UI: the lecture note's Example 1, differentiated further. */
final class HigherOrderExamples {

    private HigherOrderExamples() {
    }

    static final String EXAMPLE_1_HESSIAN = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}""";

    static final String EXAMPLE_1_HVP = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3},
             "vector": {"x": 1, "z": -1}}""";

    static final String EXAMPLE_1_PROGRAM_JACOBIAN = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3}, "outputs": ["a", "b", "e", "y"]}""";

    static final String EXAMPLE_1_JVP = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3}, "tangents": {"x": 1, "z": 0}}""";

    static final String EXAMPLE_1_DERIVATIVE = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}, "order": 2}""";

    static final String CHAIN_RULE_DERIVATIVE = """
            {"expression": "sin(x^2) * e^x", "bindings": {"x": 1}}""";

    static final String TENSOR_JACOBIAN = """
            {"program": "u = A @ v\\ny = sum(sigmoid(u))", "bindings": {"A": [[1, 2, 3], [4, 5, 6]], "v": [1, -1, 2]},
             "outputs": ["u", "y"], "wrt": ["v"]}""";

    static final String TENSOR_DERIVATIVE = """
            {"expression": "s * sum(sigmoid(W @ x))", "bindings": {"W": [[1, 2, 3], [4, 5, 6]], "x": [1, -1, 2], "s": 0.5},
             "order": 2}""";

    static final String TENSOR_HVP = """
            {"expression": "v @ (B @ v) + sum(sin(v))", "bindings": {"v": [0.5, 2], "B": [[1, 2], [0, 3]]},
             "wrt": ["v"], "vector": {"v": [1, -1]}}""";
}
