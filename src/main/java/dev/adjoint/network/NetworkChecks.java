package dev.adjoint.network;

import java.util.List;

/**
 * Every problem of a network and its examples, found at once (a 422 lists them all): weight
 * matrices that are not rectangular or do not chain, biases, inputs and targets of the wrong width,
 * a loss the last layer cannot have. The widths are read through {@link WeightLayout}.
 */
final class NetworkChecks {

    private NetworkChecks() {
    }

    /**
     * Every problem of the network and its examples at once, added to {@code violations} (which may
     * already hold the request's own: an unknown name, a null layer or example). A part that could
     * not be read (a null layout, loss, weight matrix, x or y) is skipped, not reported twice; a
     * width that cannot be known is not compared. Answers D_0, ..., D_L, -1 where unknown.
     */
    static int[] check(Network network, List<Example> examples, boolean single, List<Violation> violations) {
        int[] widths = checkLayers(network, violations);
        checkExamples(network, widths, examples, single, violations);
        return widths;
    }

    /** True if a problem at {@code path} is already listed: a part the request could not give is reported once. */
    private static boolean reported(List<Violation> violations, String path) {
        return violations.stream().anyMatch(v -> v.path().equals(path));
    }

    private static int[] checkLayers(Network network, List<Violation> violations) {
        List<Layer> layers = network.layers() == null ? List.of() : network.layers();
        int[] widths = new int[layers.size() + 1];
        java.util.Arrays.fill(widths, -1);
        if (layers.isEmpty()) {
            if (!reported(violations, "layers")) {
                violations.add(new Violation("layers", "a network needs at least one layer"));
            }
            return widths;
        }
        WeightLayout layout = network.layout();
        for (int i = 0; i < layers.size(); i++) {
            String path = "layers[" + i + "]";
            if (layers.get(i) == null || reported(violations, path)) {
                continue;
            }
            double[][] w = layers.get(i).weights();
            if (w == null || w.length == 0 || w[0] == null || w[0].length == 0) {
                violations.add(new Violation(WeightLayout.weightsPath(i), "give the layer's weight matrix (a non-empty list of rows)"));
                continue;
            }
            boolean rectangular = true;
            for (int r = 1; r < w.length && rectangular; r++) {
                if (w[r] == null || w[r].length != w[0].length) {
                    violations.add(new Violation(WeightLayout.weightsPath(i) + "[" + r + "]", w[r] == null ? "row " + r + " is null; give it "
                            + w[0].length + " numbers" : "row " + r + " has " + w[r].length + " values but row 0 has " + w[0].length
                            + ": a matrix's rows must be equally long"));
                    rectangular = false;
                }
            }
            if (!rectangular || layout == null) { // its widths are unknown: nothing to compare it with
                continue;
            }
            int in = (int) layout.inputs(w.length, w[0].length);
            int out = (int) layout.outputs(w.length, w[0].length);
            String shape = layout.describe(w.length, w[0].length);
            if (i == 0) {
                widths[0] = in;
            } else if (widths[i] >= 0 && in != widths[i]) {
                violations.add(new Violation(WeightLayout.weightsPath(i), "the weights are " + shape + ", but layers[" + (i - 1)
                        + "] has " + widths[i] + " outputs; layer " + i + " needs " + widths[i] + " inputs"));
            }
            widths[i + 1] = out;
            double[] bias = layers.get(i).bias();
            if (bias != null && bias.length != out) {
                violations.add(new Violation(WeightLayout.biasPath(i), "the bias has " + bias.length + " values but the layer has " + out + " outputs"));
            }
        }
        int outputs = widths[layers.size()];
        if (network.loss() == Loss.BINARY_CROSS_ENTROPY && outputs >= 0 && outputs != 1) {
            violations.add(new Violation("loss", "binary_cross_entropy needs a single output, but the last layer has "
                    + outputs + "; use cross_entropy with a softmax layer for several classes"));
        }
        return widths;
    }

    private static void checkExamples(Network network, int[] widths, List<Example> examples, boolean single, List<Violation> violations) {
        if (examples.isEmpty()) {
            if (!reported(violations, "examples") && !reported(violations, "example")) {
                violations.add(new Violation("examples", "give at least one example"));
            }
            return;
        }
        int outputs = widths[widths.length - 1];
        for (int k = 0; k < examples.size(); k++) {
            String path = single ? "example" : "examples[" + k + "]";
            Example e = examples.get(k);
            if (e == null || reported(violations, path)) {
                continue;
            }
            if (e.x() == null) {
                violations.add(new Violation(path + ".x", "give the example's input x"));
            } else if (widths[0] >= 0 && e.x().length != widths[0]) {
                violations.add(new Violation(path + ".x", "x has " + e.x().length + " values but layers[0] takes " + widths[0] + " inputs"));
            }
            if (!reported(violations, path + ".y")) {
                checkTarget(network.loss(), outputs, e, path + ".y", violations);
            }
        }
    }

    private static void checkTarget(Loss loss, int outputs, Example e, String path, List<Violation> violations) {
        if (e.label() == null && e.target() == null) {
            violations.add(new Violation(path, "give the example's target y"));
            return;
        }
        if (loss == null) {
            return;
        }
        switch (loss) {
            case BINARY_CROSS_ENTROPY -> {
                double label = e.label() != null ? e.label() : (e.target().length == 1 ? e.target()[0] : Double.NaN);
                if (!(label >= 0.0 && label <= 1.0)) {
                    violations.add(new Violation(path, "binary_cross_entropy needs y in [0, 1] (one number), got "
                            + (e.label() != null ? e.label() : e.target().length + " values")));
                }
            }
            case CROSS_ENTROPY -> {
                if (outputs < 0) {
                    return;
                }
                if (e.label() != null) {
                    double c = e.label();
                    if (c != Math.rint(c) || c < 0 || c >= outputs) {
                        violations.add(new Violation(path, "y = " + c + " is not a class index of the " + outputs
                                + " outputs (an integer from 0 to " + (outputs - 1) + ")"));
                    }
                } else if (e.target().length != outputs) {
                    violations.add(new Violation(path, "y has " + e.target().length + " probabilities but the last layer has " + outputs + " outputs"));
                }
            }
            case SQUARED_ERROR -> {
                int given = e.label() != null ? 1 : e.target().length;
                if (outputs >= 0 && given != outputs) {
                    violations.add(new Violation(path, "y has " + given + " value" + (given == 1 ? "" : "s") + " but the last layer has " + outputs + " outputs"));
                }
            }
        }
    }
}
