package dev.adjoint.web.grading;

import dev.adjoint.grading.Tolerance;
import dev.adjoint.web.problems.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

/** numpy allclose's rule, |got − want| ≤ absolute + relative·|want|; omitted members take numpy's defaults. */
@Schema(description = "|got - want| <= absolute + relative * |want| (numpy allclose); defaults relative 1e-5, absolute 1e-8")
public record ToleranceRequest(@Schema(defaultValue = "1e-5") Double relative, @Schema(defaultValue = "1e-8") Double absolute) {

    public static Tolerance orDefault(ToleranceRequest t) {
        if (t == null) {
            return Tolerance.DEFAULT;
        }
        double relative = t.relative() == null ? Tolerance.DEFAULT.relative() : t.relative();
        double absolute = t.absolute() == null ? Tolerance.DEFAULT.absolute() : t.absolute();
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new InvalidRequestException("tolerance.relative", "the relative tolerance must be a number >= 0, got " + relative);
        }
        if (!(absolute >= 0) || Double.isInfinite(absolute)) {
            throw new InvalidRequestException("tolerance.absolute", "the absolute tolerance must be a number >= 0, got " + absolute);
        }
        return new Tolerance(relative, absolute);
    }
}
