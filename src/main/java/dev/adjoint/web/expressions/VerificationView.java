package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.FiniteDifferences;

import java.util.List;

/**
 * A finite-difference check as JSON.
 *
 * @param relativeStep h = relativeStep · max(1, |v|) for each probed element v
 * @param checked      elements probed
 * @param elements     elements there were to probe (networks sample when there are more)
 * @param worst        the element with the largest absolute error
 */
public record VerificationView(String method, double relativeStep, int checked, long elements, Element worst, List<Element> checks) {

    /** @param where the variable, or the request path of the element ({@code layers[0].weights[1][2]}) */
    public record Element(String where, double step, double analytic, double numeric, double absoluteError, double relativeError) {
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
