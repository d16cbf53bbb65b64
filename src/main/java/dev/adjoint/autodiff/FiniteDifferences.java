package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent check of reverse-mode gradients: float64 central differences,
 * {@code (f(v + h) − f(v − h)) / 2h}, one input element at a time, each a forward sweep only.
 * The step is {@code h = ∛ε · max(1, |v|)}, which balances truncation (O(h²)) against rounding
 * (O(ε/h)), so agreement to about 1e-8 relative is what a correct gradient shows.
 */
public final class FiniteDifferences {

    /** ∛ε for doubles, about 6.06e-6. */
    public static final double RELATIVE_STEP = Math.cbrt(Math.ulp(1.0));

    private FiniteDifferences() {
    }

    /**
     * One input element to probe: element {@code index} (row-major) of input {@code input}.
     *
     * @param where how the caller's client names it ({@code "x"}, {@code "layers[0].weights[1][2]"})
     */
    public record Element(String input, int index, String where) {
    }

    /**
     * @param step     the h actually used (v ± h as doubles)
     * @param analytic the reverse-mode gradient
     * @param numeric  the central difference
     */
    public record ElementCheck(String where, double step, double analytic, double numeric,
                               double absoluteError, double relativeError) {
    }

    /**
     * @param totalElements elements that could have been probed (the sample is {@code checks})
     * @param worst         the check with the largest absolute error
     */
    public record Verification(double relativeStep, long totalElements, List<ElementCheck> checks, ElementCheck worst) {
    }

    /**
     * Probes {@code elements} of {@code inputs} (the inputs {@code evaluation} ran at) and compares
     * with its gradients.
     */
    public static Verification verify(Evaluation evaluation, Map<String, Tensor> inputs, List<Element> elements, long totalElements) {
        return verify(evaluation, inputs, elements, totalElements, Deadline.NONE);
    }

    /** As above, stopping with {@link DeadlineExceededException} once {@code deadline} passes: two sweeps per element add up. */
    public static Verification verify(Evaluation evaluation, Map<String, Tensor> inputs, List<Element> elements, long totalElements,
                                      Deadline deadline) {
        Graph graph = evaluation.graph();
        int output = evaluation.output();
        List<ElementCheck> checks = new ArrayList<>(elements.size());
        ElementCheck worst = null;
        for (Element e : elements) {
            Tensor base = inputs.get(e.input());
            double v = base.get(e.index());
            double h = RELATIVE_STEP * Math.max(1.0, Math.abs(v));
            double up = v + h;
            double down = v - h;
            Map<String, Tensor> probe = new HashMap<>(inputs);
            probe.put(e.input(), base.with(e.index(), up));
            deadline.check();
            double fUp = Evaluation.run(graph, probe, Set.of(), output, deadline).value(output).item();
            probe.put(e.input(), base.with(e.index(), down));
            double fDown = Evaluation.run(graph, probe, Set.of(), output, deadline).value(output).item();
            double numeric = (fUp - fDown) / (up - down);
            double analytic = evaluation.gradient(graph.indexOf(e.input())).get(e.index());
            double abs = Math.abs(analytic - numeric);
            double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
            ElementCheck check = new ElementCheck(e.where(), (up - down) / 2, analytic, numeric, abs,
                    scale == 0.0 ? 0.0 : abs / scale);
            checks.add(check);
            if (worst == null || !(check.absoluteError() <= worst.absoluteError())) {
                worst = check;
            }
        }
        return new Verification(RELATIVE_STEP, totalElements, checks, worst);
    }
}
