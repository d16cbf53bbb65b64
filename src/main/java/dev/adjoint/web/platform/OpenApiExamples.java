package dev.adjoint.web.platform;

/** Ready-to-send request bodies shown in Swagger UI: the lecture note's worked examples. */
public final class OpenApiExamples {

    private OpenApiExamples() {
    }

    public static final String EXAMPLE_1_EXPRESSION = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}""";

    public static final String EXAMPLE_1_PROGRAM = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3}, "output": "y"}""";

    /** The note's Example 2: alpha^(1..3) in its own (in_out) layout, no intercepts, one example. */
    public static final String EXAMPLE_2 = """
            {"weightLayout": "in_out",
             "layers": [
               {"weights": [[-1.023495, -1.823155, -0.691605, -1.200274], [-1.08444, 0.693494, -1.008206, 1.268447],
                            [1.764047, 0.547201, -0.340021, 1.305597]], "activation": "sigmoid"},
               {"weights": [[0.41999, -1.097749, -1.021095], [-0.662982, -0.164643, -0.797859], [1.656297, -0.017379, -0.911104],
                            [0.738185, 0.267429, -0.925383]], "activation": "sigmoid"},
               {"weights": [[0.167509], [0.64838], [-0.107695]], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "example": {"x": [0.602388, -0.041796, 0.098471], "y": 0}}""";

    /**
     * The note's Example 2 as a program in its own names (API.md section 5): alpha^(i) are D_in x D_out,
     * u_i = alpha_i' z_{i-1}, one example x with label y. The values are conformance case seed-ex2-program.
     */
    public static final String EXAMPLE_2_PROGRAM = """
            {"program": "u1 = alpha1' @ x\\nz1 = sigmoid(u1)\\nu2 = alpha2' @ z1\\nz2 = sigmoid(u2)\\nu3 = alpha3' @ z2\\nyhat = sigmoid(u3)\\nJ = -(y * log(yhat) + (1 - y) * log(1 - yhat))",
             "bindings": {"x": [-1.005152, 0.569301, 0.405],
                          "alpha1": [[-0.062699, -0.851957, 0.8779, 0.923563], [0.037369, 0.015252, -0.791831, -1.490458], [-0.38686, 0.256087, -1.292206, 0.881253]],
                          "alpha2": [[-0.803242, -0.801915, -1.372994], [1.492684, 0.716063, 1.125119], [0.34767, -1.39779, -0.513212], [-0.007343, -1.152571, 1.355892]],
                          "alpha3": [[-0.39466], [-1.035561], [0.952528]],
                          "y": 1.0}, "output": "J"}""";

    /** A small training run: one sigmoid unit with a bias learns logical AND. */
    public static final String TRAIN_AND = """
            {"layers": [{"weights": [[0.1], [-0.1]], "bias": [0.0], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "examples": [{"x": [0, 0], "y": 0}, {"x": [0, 1], "y": 0}, {"x": [1, 0], "y": 0}, {"x": [1, 1], "y": 1}],
             "learningRate": 0.5, "epochs": 200, "batchSize": 1, "order": "shuffled", "seed": 42}""";

    public static final String EXAMPLE_1_VERIFY = """
            {"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}, "verify": true}""";

    /** A student who copied the note's slip: g_b with +a/b^2, so b and x are wrong, and b is where the mistake is. */
    public static final String CHECK_SIGN_SLIP = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3},
             "submission": {"gradient": {"x": 1233.3, "z": 809.707479218564},
                            "nodes": {"e": {"gradient": 1}, "c": {"gradient": 0.16666666666666666},
                                      "b": {"gradient": 12.616420370193309}, "a": {"gradient": 404.853739609282}}},
             "tolerance": {"relative": 1e-6}}""";

    /** A student who sent the first weight gradient transposed (3 x 2 expected, 2 x 3 sent). */
    public static final String CHECK_TRANSPOSED = """
            {"layers": [{"weights": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], "activation": "sigmoid"},
                        {"weights": [[0.7], [0.8]], "bias": [0.1], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "example": {"x": [1.0, 2.0, 3.0], "y": 1},
             "submission": {"loss": 0.204293, "layers": [{"weights": [[-0.011615, -0.023230, -0.034845], [-0.007988, -0.015976, -0.023964]]}]},
             "tolerance": {"relative": 1e-3, "absolute": 1e-4}}""";

    public static final String BATCH = """
            {"requests": [
              {"path": "/api/v1/expressions/check",
               "body": {"expression": "x^2 * y", "bindings": {"x": 3, "y": 2}, "submission": {"gradient": {"x": 12, "y": 9}}}},
              {"path": "/api/v1/expressions/check",
               "body": {"expression": "x^2 * y", "bindings": {"x": 3, "y": 2}, "submission": {"gradient": {"x": 6, "y": 9}}}},
              {"path": "/api/v1/expressions/gradient", "body": {"expression": "sin(x", "bindings": {"x": 1}}}]}""";

    /** Formula answers: two equivalent, one right only at the bindings (6 is a's value there), one that does not parse. */
    public static final String CHECK_FORMULAS = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3},
             "submission": {"nodes": {"b": {"gradient": "-a/b^2 + cos(b)/a"}, "a": {"gradient": "exp(a) + 1/b - c/a^2"},
                                      "c": {"gradient": "1/6"}, "f": {"gradient": "1 +"}}}}""";

    /** The note's slip again, answered as Gradescope's results.json with points per item. */
    public static final String CHECK_GRADESCOPE = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "bindings": {"x": 2, "z": 3},
             "submission": {"gradient": {"x": "z*exp(x*z) + z/log(x) - z/log(x)^2 + (cos(log(x)) - sin(log(x)))/(x^2*z)", "z": 809.707479218564},
                            "nodes": {"b": {"gradient": 12.616420370193309}}},
             "format": "gradescope",
             "points": {"gradient.x": 2, "gradient.z": 2, "nodes.b.gradient": 1}}""";

    /** The same answers as PrairieLearn's grading results: score in [0, 1], feedback and partial scores per item. */
    public static final String CHECK_PRAIRIELEARN = """
            {"expression": "sin(x^2)", "bindings": {"x": 1.5},
             "submission": {"gradient": {"x": "2*x*cos(x^2)"}},
             "format": "prairielearn"}""";

    /** A network check for Gradescope: the loss and the last layer's weight gradient. */
    public static final String NETWORK_CHECK_GRADESCOPE = """
            {"layers": [{"weights": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], "activation": "sigmoid"},
                        {"weights": [[0.7], [0.8]], "bias": [0.1], "activation": "sigmoid"}],
             "loss": "binary_cross_entropy",
             "example": {"x": [1.0, 2.0, 3.0], "y": 1},
             "submission": {"loss": 0.204293, "layers": [{}, {"weights": [[-0.14], [-0.16]]}]},
             "tolerance": {"relative": 1e-3, "absolute": 1e-4},
             "format": "gradescope", "points": {"loss": 1, "layers[1].weights": 3}}""";

    /** One student's x and z for Example 1, on a grid. */
    public static final String INSTANCE = """
            {"program": "a = x*z\\nb = log(x)\\nc = sin(b)\\nd = exp(a)\\ne = a/b\\nf = c/a\\ny = d + e + f",
             "seed": "s1234567",
             "ranges": {"x": {"min": 1.5, "max": 3, "step": 0.5}, "z": {"min": -2, "max": 2, "step": 0.25}}}""";
}
