package dev.adjoint.web;

import dev.adjoint.web.platform.OpenApiExamples;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Networks that are almost right: the network validator (names, shapes, ragged and empty matrices,
 * bias lengths, targets, example counts), then the graph, the sweeps, training and grading, through
 * the HTTP path. Each input starts from a working request (the note's Example 2, a softmax network
 * in PyTorch's layout, logical AND for training, a linear regression) and applies a few edits the
 * fuzzer chooses: a row dropped or added, a column cut, a layer removed or doubled, an activation,
 * a loss or a layout renamed, a bias resized, a target out of range, a non-finite weight, one
 * example or many. So the empty input is Example 2 as it is, and every mutation is one slip away
 * from a request that computes.
 */
@FuzzedService
class NetworkFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> TEMPLATES = List.of(
            OpenApiExamples.EXAMPLE_2,
            """
            {"weightLayout": "out_in",
             "layers": [{"weights": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], "bias": [0, 0.1, 0], "activation": "relu"},
                        {"weights": [[0.7, 0.1, 0.2], [0.8, 0.3, 0.1]], "activation": "softmax"}],
             "loss": "cross_entropy",
             "examples": [{"x": [1, 2], "y": 1}, {"x": [0.5, -1], "y": [0.2, 0.8]}]}""",
            OpenApiExamples.TRAIN_AND,
            """
            {"layers": [{"weights": [[0.5], [-0.25]], "bias": [0.1], "activation": "linear"}],
             "loss": "squared_error",
             "examples": [{"x": [1, 2], "y": [0.5]}, {"x": [-1, 0], "y": 1}]}""",
            """
            {"layers": [{"weights": [[1, -1, 0.5], [2, 0, -0.5]], "activation": "tanh"},
                        {"weights": [[0.3, 0.1], [0.2, 0.2], [0.1, 0.3]], "activation": "linear"}],
             "loss": "cross_entropy",
             "example": {"x": [0.25, -0.75], "y": 0}}""");

    private static final String[] ENDPOINTS = {
            "/api/v1/networks/gradient", "/api/v1/networks/check", "/api/v1/networks/train", "/api/v1/networks/graph"};
    private static final String[] ACTIVATIONS = {"sigmoid", "tanh", "relu", "linear", "softmax", "Sigmoid", "", "relu6"};
    private static final String[] LOSSES = {"binary_cross_entropy", "cross_entropy", "squared_error", "mse", ""};
    private static final String[] LAYOUTS = {"in_out", "out_in", "IN_OUT", "io"};
    private static final String[] ORDERS = {"given", "shuffled", "random"};

    @Autowired
    MockMvc mvc;

    @FuzzTest(maxDuration = "20s")
    void almostRight(FuzzedDataProvider data) throws Exception {
        ObjectNode request = (ObjectNode) Json.parse(TEMPLATES.get(data.consumeInt(0, TEMPLATES.size() - 1)));
        String path = ENDPOINTS[request.has("learningRate") ? 2 : 0];
        int edits = data.consumeInt(0, 6);
        for (int e = 0; e < edits; e++) {
            switch (data.consumeInt(0, 15)) {
                case 0 -> path = data.pickValue(ENDPOINTS);
                case 1 -> setOrRemove(data, request, "weightLayout", LAYOUTS);
                case 2 -> setOrRemove(data, request, "loss", LOSSES);
                case 3 -> {
                    ObjectNode layer = layer(data, request);
                    if (layer != null) {
                        setOrRemove(data, layer, "activation", ACTIVATIONS);
                    }
                }
                case 4 -> resize(data, weights(data, request)); // a row fewer or more
                case 5 -> { // one row, or every row, a column fewer or more
                    ArrayNode w = weights(data, request);
                    if (w != null && !w.isEmpty()) {
                        boolean every = data.consumeBoolean();
                        for (int r = 0; r < w.size(); r++) {
                            if (every || r == 0) {
                                resize(data, w.get(r) instanceof ArrayNode row ? row : null);
                            }
                        }
                    }
                }
                case 6 -> { // a weight becomes an unusual number
                    ArrayNode w = weights(data, request);
                    if (w != null && !w.isEmpty() && w.get(data.consumeInt(0, w.size() - 1)) instanceof ArrayNode row && !row.isEmpty()) {
                        row.set(data.consumeInt(0, row.size() - 1), number(data));
                    }
                }
                case 7 -> { // bias: none, or some length
                    ObjectNode layer = layer(data, request);
                    if (layer != null) {
                        if (data.consumeBoolean()) {
                            layer.remove("bias");
                        } else {
                            layer.set("bias", vector(data, data.consumeInt(0, 5)));
                        }
                    }
                }
                case 8 -> { // a layer removed, doubled, emptied or null
                    ArrayNode layers = request.get("layers") instanceof ArrayNode l ? l : null;
                    if (layers != null && !layers.isEmpty()) {
                        int i = data.consumeInt(0, layers.size() - 1);
                        switch (data.consumeInt(0, 3)) {
                            case 0 -> layers.remove(i);
                            case 1 -> layers.insert(i, layers.get(i).deepCopy());
                            case 2 -> {
                                if (layers.get(i) instanceof ObjectNode layer) {
                                    layer.set("weights", data.consumeBoolean() ? NODES.arrayNode() : NODES.arrayNode().add(NODES.arrayNode()));
                                }
                            }
                            default -> layers.set(i, NODES.nullNode());
                        }
                    }
                }
                case 9 -> { // an example's x resized, or one element unusual
                    ObjectNode example = example(data, request);
                    if (example != null) {
                        if (data.consumeBoolean()) {
                            example.set("x", vector(data, data.consumeInt(0, 6)));
                        } else if (example.get("x") instanceof ArrayNode x && !x.isEmpty()) {
                            x.set(data.consumeInt(0, x.size() - 1), number(data));
                        }
                    }
                }
                case 10 -> { // y: a label, a class index, a vector, or not a target at all
                    ObjectNode example = example(data, request);
                    if (example != null) {
                        switch (data.consumeInt(0, 4)) {
                            case 0 -> example.set("y", number(data));
                            case 1 -> example.put("y", data.consumeInt(-2, 8));
                            case 2 -> example.set("y", vector(data, data.consumeInt(0, 5)));
                            case 3 -> example.put("y", data.consumeString(4));
                            default -> example.remove("y");
                        }
                    }
                }
                case 11 -> { // one example or many, both, or neither
                    JsonNode one = request.has("example") ? request.get("example") : request.path("examples").path(0);
                    switch (data.consumeInt(0, 3)) {
                        case 0 -> {
                            ArrayNode many = NODES.arrayNode();
                            for (int k = data.consumeInt(0, 5); k > 0; k--) {
                                many.add(one.deepCopy());
                            }
                            request.remove("example");
                            request.set("examples", many);
                        }
                        case 1 -> {
                            request.remove("examples");
                            request.set("example", one.deepCopy());
                        }
                        case 2 -> {
                            request.set("example", one.deepCopy());
                            request.set("examples", NODES.arrayNode().add(one.deepCopy()));
                        }
                        default -> {
                            request.remove("example");
                            request.remove("examples");
                        }
                    }
                }
                case 12 -> request.put("verify", data.consumeBoolean());
                case 13 -> { // training settings
                    request.set("learningRate", number(data));
                    request.put("epochs", data.consumeInt(-1, 4));
                    request.put("batchSize", data.consumeInt(-1, 5));
                    request.put("order", data.pickValue(ORDERS));
                    request.put("seed", data.consumeLong());
                    request.put("recordSteps", data.consumeBoolean());
                }
                case 14 -> { // a student's answers and a tolerance, for check
                    ObjectNode submission = request.putObject("submission");
                    submission.set("loss", number(data));
                    submission.set("predictions", NODES.arrayNode().add(vector(data, data.consumeInt(0, 3))));
                    submission.putArray("layers").addObject().set("weights", NODES.arrayNode().add(vector(data, data.consumeInt(0, 3))));
                    submission.putObject("nodes").putObject(data.pickValue(new String[] {"x", "u1", "z1", "W1", "J", "q"}))
                            .set(data.consumeBoolean() ? "value" : "gradient", data.consumeBoolean() ? number(data) : vector(data, 2));
                    request.putObject("tolerance").set(data.consumeBoolean() ? "relative" : "absolute", number(data));
                }
                default -> { // widths grow: a wide layer, many examples (the limits must answer, not the heap)
                    ObjectNode layer = layer(data, request);
                    if (layer != null && layer.get("weights") instanceof ArrayNode w && !w.isEmpty() && w.get(0) instanceof ArrayNode row) {
                        int width = data.consumeInt(1, 300);
                        for (int c = row.size(); c < width; c++) {
                            row.add(0.01 * c);
                        }
                    }
                }
            }
        }
        if (path.endsWith("train")) {
            if (request.has("example")) {
                request.set("examples", NODES.arrayNode().add(request.get("example")));
                request.remove("example");
            }
            if (!request.has("learningRate")) {
                request.put("learningRate", 0.1);
                request.put("epochs", 2);
            }
        } else {
            for (String trainingOnly : new String[] {"learningRate", "epochs", "batchSize", "order", "seed", "recordSteps"}) {
                request.remove(trainingOnly);
            }
        }
        if (!path.endsWith("check")) {
            request.remove("submission");
            request.remove("tolerance");
        }
        if (!path.endsWith("gradient")) {
            request.remove("verify");
        }
        FuzzedRequests.postAndCheck(mvc, path, Json.write(request).getBytes(StandardCharsets.UTF_8));
    }

    private static void setOrRemove(FuzzedDataProvider data, ObjectNode node, String field, String[] names) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> node.put(field, data.pickValue(names));
            case 1 -> node.put(field, data.consumeString(12));
            default -> node.remove(field);
        }
    }

    private static ObjectNode layer(FuzzedDataProvider data, ObjectNode request) {
        if (request.get("layers") instanceof ArrayNode layers && !layers.isEmpty()
                && layers.get(data.consumeInt(0, layers.size() - 1)) instanceof ObjectNode layer) {
            return layer;
        }
        return null;
    }

    private static ArrayNode weights(FuzzedDataProvider data, ObjectNode request) {
        ObjectNode layer = layer(data, request);
        return layer != null && layer.get("weights") instanceof ArrayNode w ? w : null;
    }

    private static ObjectNode example(FuzzedDataProvider data, ObjectNode request) {
        if (request.get("example") instanceof ObjectNode one) {
            return one;
        }
        if (request.get("examples") instanceof ArrayNode many && !many.isEmpty()
                && many.get(data.consumeInt(0, many.size() - 1)) instanceof ObjectNode example) {
            return example;
        }
        return null;
    }

    /** Drops the last element, or appends a copy of the first (or a fresh number). */
    private static void resize(FuzzedDataProvider data, ArrayNode array) {
        if (array == null) {
            return;
        }
        if (data.consumeBoolean() && !array.isEmpty()) {
            array.remove(array.size() - 1);
        } else {
            array.add(array.isEmpty() ? number(data) : array.get(0).deepCopy());
        }
    }

    private static ArrayNode vector(FuzzedDataProvider data, int n) {
        ArrayNode v = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            v.add(number(data));
        }
        return v;
    }

    /** Mostly ordinary numbers; sometimes the ones that break arithmetic. */
    private static JsonNode number(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 9)) {
            case 0 -> NODES.stringNode("NaN");
            case 1 -> NODES.stringNode(data.consumeBoolean() ? "Infinity" : "-Infinity");
            case 2 -> NODES.numberNode(data.consumeBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE);
            case 3 -> NODES.numberNode(data.consumeBoolean() ? Double.MIN_VALUE : -0.0);
            case 4 -> NODES.numberNode(data.consumeInt(-3, 3));
            case 5 -> NODES.numberNode(1e300);
            default -> NODES.numberNode(data.consumeRegularDouble(-10, 10));
        };
    }
}
