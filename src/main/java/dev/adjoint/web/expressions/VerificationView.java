package dev.adjoint.web.expressions;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.adjoint.web.platform.NumberSchemas;
import dev.adjoint.autodiff.FiniteDifferences;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A finite-difference check as JSON.
 *
 * @param relativeStep h = relativeStep · max(1, |v|) for each probed element v
 * @param checked      elements probed
 * @param elements     elements there were to probe (networks sample when there are more)
 * @param worst        the element with the largest absolute error
 */
@Schema(name = "Verification", description = "The gradients checked against float64 central differences")
public record VerificationView(
        @Schema(description = "How the check was made", requiredMode = REQUIRED, example = "float64 central differences") String method,
        @Schema(description = "h = relativeStep * max(1, |v|) for each probed element v", requiredMode = REQUIRED, example = "6.0554544523933395E-6")
        double relativeStep,
        @Schema(description = "Elements probed", requiredMode = REQUIRED, example = "2") int checked,
        @Schema(description = "Elements there were to probe (networks sample a fixed set when there are more)", requiredMode = REQUIRED,
                example = "2") long elements,
        @Schema(description = "The element with the largest absolute error") Element worst,
        @Schema(description = "Every probed element", requiredMode = REQUIRED) List<Element> checks) {

    @Schema(name = "VerifiedElement", description = "One element's gradient, by the sweep and by central differences")
    public record Element(
            @Schema(description = "The variable, or the request path of the element", requiredMode = REQUIRED, example = "x")
            String where,
            @Schema(description = "The step h used for this element", requiredMode = REQUIRED, example = "1.211090890473887E-5") double step,
            @Schema(ref = NumberSchemas.REAL, description = "The gradient by the reverse sweep", requiredMode = REQUIRED, example = "1208.3812151266095")
            double analytic,
            @Schema(ref = NumberSchemas.REAL, description = "The gradient by central differences", requiredMode = REQUIRED, example = "1208.3812153805889")
            double numeric,
            @Schema(ref = NumberSchemas.REAL, description = "|analytic - numeric|", requiredMode = REQUIRED, example = "2.5397935132787097E-7") double absoluteError,
            @Schema(ref = NumberSchemas.REAL, description = "|analytic - numeric| / max(|analytic|, |numeric|)", requiredMode = REQUIRED,
                    example = "2.1018147923449658E-10") double relativeError) {
    }

    public static VerificationView of(FiniteDifferences.Verification v) {
        if (v == null) {
            return null;
        }
        List<Element> checks = v.checks().stream().map(VerificationView::element).toList();
        return new VerificationView("float64 central differences", v.relativeStep(), checks.size(), v.totalElements(),
                v.worst() == null ? null : element(v.worst()), checks);
    }

    private static Element element(FiniteDifferences.ElementCheck c) {
        return new Element(c.where(), c.step(), c.analytic(), c.numeric(), c.absoluteError(), c.relativeError());
    }
}
