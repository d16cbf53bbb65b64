package dev.adjoint.web.grading;

import dev.adjoint.grading.Tolerance;
import dev.adjoint.web.problems.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/** numpy allclose's rule, |got − want| ≤ absolute + relative·|want|; omitted members take numpy's defaults. */
@Schema(name = "ToleranceRequest", description = "|got - want| <= absolute + relative * |want| (numpy allclose); defaults relative 1e-5, absolute 1e-8")
public record ToleranceRequest(
        @Schema(description = "Relative tolerance (>= 0)", defaultValue = "1e-5", example = "1e-6") Double relative,
        @Schema(description = "Absolute tolerance (>= 0)", defaultValue = "1e-8", example = "1e-4") Double absolute) {

    public static Tolerance orDefault(ToleranceRequest t) {
        for (Map.Entry<String, String> problem : problems(t).entrySet()) {
            throw new InvalidRequestException(problem.getKey(), problem.getValue());
        }
        return t == null ? Tolerance.DEFAULT : new Tolerance(relative(t), absolute(t));
    }

    /** What is wrong with {@code t}, path to message (none for an absent tolerance), so a caller can list it with its other problems. */
    public static Map<String, String> problems(ToleranceRequest t) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (t == null) {
            return problems;
        }
        if (!(relative(t) >= 0) || Double.isInfinite(relative(t))) {
            problems.put("tolerance.relative", "the relative tolerance must be a number >= 0, got " + relative(t));
        }
        if (!(absolute(t) >= 0) || Double.isInfinite(absolute(t))) {
            problems.put("tolerance.absolute", "the absolute tolerance must be a number >= 0, got " + absolute(t));
        }
        return problems;
    }

    private static double relative(ToleranceRequest t) {
        return t.relative() == null ? Tolerance.DEFAULT.relative() : t.relative();
    }

    private static double absolute(ToleranceRequest t) {
        return t.absolute() == null ? Tolerance.DEFAULT.absolute() : t.absolute();
    }
}
