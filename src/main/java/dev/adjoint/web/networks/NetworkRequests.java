package dev.adjoint.web.networks;

import dev.adjoint.network.Activation;
import dev.adjoint.network.Example;
import dev.adjoint.network.Layer;
import dev.adjoint.network.Loss;
import dev.adjoint.network.Network;
import dev.adjoint.network.NetworkGradients;
import dev.adjoint.network.NetworkValidationException;
import dev.adjoint.network.Violation;
import dev.adjoint.network.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/** Request records to the network package's model: names to enums, y to a label or a vector, every problem listed. */
public final class NetworkRequests {

    private NetworkRequests() {
    }

    public static Network network(String weightLayout, List<NetworkRequest.LayerRequest> layers, String loss, List<Violation> violations) {
        WeightLayout layout = WeightLayout.byDefault();
        if (weightLayout != null) {
            layout = WeightLayout.parse(weightLayout).orElse(null);
            if (layout == null) {
                violations.add(new Violation("weightLayout", "unknown layout '" + weightLayout + "'; use in_out (the note's alpha) or out_in (PyTorch)"));
            }
        }
        Loss parsedLoss = null;
        if (loss == null) {
            violations.add(new Violation("loss", "give the loss: one of " + Loss.allNames()));
        } else {
            parsedLoss = Loss.parse(loss).orElse(null);
            if (parsedLoss == null) {
                violations.add(new Violation("loss", "unknown loss '" + loss + "'; use one of " + Loss.allNames()));
            }
        }
        List<Layer> parsedLayers = new ArrayList<>();
        if (layers == null) {
            violations.add(new Violation("layers", "give the network's layers"));
        } else {
            for (int i = 0; i < layers.size(); i++) {
                NetworkRequest.LayerRequest l = layers.get(i);
                if (l == null) {
                    violations.add(new Violation("layers[" + i + "]", "a layer cannot be null"));
                    parsedLayers.add(null); // kept, so the next layers' paths keep their indices
                    continue;
                }
                Activation activation = l.activation() == null ? null : Activation.parse(l.activation()).orElse(null);
                if (activation == null) {
                    violations.add(new Violation("layers[" + i + "].activation", (l.activation() == null ? "give the activation" : "unknown activation '" + l.activation() + "'")
                            + "; use one of " + Activation.allNames()));
                }
                parsedLayers.add(new Layer(l.weights(), l.bias(), activation));
            }
        }
        return new Network(layout, parsedLayers, parsedLoss);
    }

    static List<Example> examples(List<NetworkRequest.ExampleRequest> examples, String path, List<Violation> violations) {
        List<Example> parsed = new ArrayList<>();
        for (int k = 0; k < examples.size(); k++) {
            NetworkRequest.ExampleRequest e = examples.get(k);
            String at = path.equals("example") ? path : path + "[" + k + "]";
            if (e == null) {
                violations.add(new Violation(at, "an example cannot be null"));
                parsed.add(null); // kept, so the next examples' paths keep their indices
                continue;
            }
            Object y = e.y();
            if (y instanceof Number number) {
                parsed.add(new Example(e.x(), number.doubleValue(), null));
            } else if (y instanceof List<?> list && list.stream().allMatch(v -> v instanceof Number)) {
                parsed.add(new Example(e.x(), null, list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray()));
            } else {
                violations.add(new Violation(at + ".y", y == null ? "give the example's target y" : "y must be a number or a list of numbers"));
                parsed.add(new Example(e.x(), null, null)); // its x is still checked
            }
        }
        return parsed;
    }

    /** Adds the network's and the examples' own problems (shapes, widths, targets) to what reading found, then throws them all. */
    static void throwIfAny(Network network, List<Example> examples, boolean single, List<Violation> violations) {
        NetworkGradients.check(network, examples, single, violations);
        throwIfAny(violations);
    }

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new NetworkValidationException(violations);
        }
    }
}
