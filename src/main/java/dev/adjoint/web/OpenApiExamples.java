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

    /** The note's Example 2: alpha^(1..3) in its own (in_out) layout, no intercepts, one example. */
    static final String EXAMPLE_2 = """
            {"weightLayout": "in_out",
             "layers": [
               {"weights": [[-1.023495, -1.823155, -0.691605, -1.200274], [-1.08444, 0.693494, -1.008206, 1.268447],
                            [1.764047, 0.547201, -0.340021, 1.305597]], "activation": "sigmoid"},
               {"weights": [[0.41999, -1.097749, -1.021095], [-0.662982, -0.164643, -0.797859], [1.656297, -0.017379, -0.911104],
                            [0.738185, 0.267429, -0.925383]], "activation": "sigmoid"},
               {"weights": [[0.167509], [0.64838], [-0.107695]], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "example": {"x": [0.602388, -0.041796, 0.098471], "y": 0}}""";

    /** A small training run: one sigmoid unit with a bias learns logical AND. */
    static final String TRAIN_AND = """
            {"layers": [{"weights": [[0.1], [-0.1]], "bias": [0.0], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "examples": [{"x": [0, 0], "y": 0}, {"x": [0, 1], "y": 0}, {"x": [1, 0], "y": 0}, {"x": [1, 1], "y": 1}],
             "learningRate": 0.5, "epochs": 200, "batchSize": 1, "order": "shuffled", "seed": 42}""";
}
