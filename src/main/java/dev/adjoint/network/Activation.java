package dev.adjoint.network;

import dev.adjoint.autodiff.Op;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A layer's activation, and the op of the shared table that computes it. */
public enum Activation {
    SIGMOID(Op.SIGMOID), TANH(Op.TANH), RELU(Op.RELU), LINEAR(Op.IDENTITY), SOFTMAX(Op.SOFTMAX);

    private final Op op;

    Activation(Op op) {
        this.op = op;
    }

    Op op() {
        return op;
    }

    /** The name in requests: {@code sigmoid}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Activation> parse(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(Activation::wireName).collect(Collectors.joining(", "));
    }
}
