package dev.adjoint.network;

import dev.adjoint.autodiff.Op;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The training loss, a mean over examples, and its op in the shared table. */
public enum Loss {
    /** −(y log ŷ + (1 − y) log(1 − ŷ)), ŷ a single output, y in [0, 1]. */
    BINARY_CROSS_ENTROPY(Op.BINARY_CROSS_ENTROPY),
    /** −Σ_k y_k log ŷ_k, y a class index or a probability vector. */
    CROSS_ENTROPY(Op.CROSS_ENTROPY),
    /** ½ Σ_k (ŷ_k − y_k)². */
    SQUARED_ERROR(Op.SQUARED_ERROR);

    private final Op op;

    Loss(Op op) {
        this.op = op;
    }

    Op op() {
        return op;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Loss> parse(String name) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(Loss::wireName).collect(Collectors.joining(", "));
    }
}
