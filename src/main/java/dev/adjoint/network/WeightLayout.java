package dev.adjoint.network;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a request writes a weight matrix. */
public enum WeightLayout {
    /** The lecture note's alpha: D_in x D_out, {@code weights[i][j]} connects input i to output j, u = Wᵀz. */
    IN_OUT,
    /** PyTorch's nn.Linear: D_out x D_in, u = Wz. */
    OUT_IN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WeightLayout> parse(String name) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
    }
}
