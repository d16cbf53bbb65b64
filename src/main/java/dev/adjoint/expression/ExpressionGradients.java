package dev.adjoint.expression;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.FiniteDifferences;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Trace;
import dev.adjoint.autodiff.Warning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The front door for an expression's or a program's gradients, as {@code network.NetworkGradients}
 * is for networks: a compiled text and its bindings in, values, gradients, the trace and the
 * finite-difference check out. The web layer reads these domain results and never runs the
 * evaluation itself (the ArchUnit rule keeps autodiff's internals out of it).
 */
public final class ExpressionGradients {

    private final CompiledExpression compiled;
    private final Map<String, Tensor> inputs;
    private final Evaluation evaluation;
    private Trace.Lookup lookup;

    private ExpressionGradients(CompiledExpression compiled, Map<String, Tensor> inputs, Evaluation evaluation) {
        this.compiled = compiled;
        this.inputs = inputs;
        this.evaluation = evaluation;
    }

    /** One forward and one reverse sweep of {@code compiled} at {@code inputs}; stops once {@code deadline} passes. */
    public static ExpressionGradients compute(CompiledExpression compiled, Map<String, Tensor> inputs, Deadline deadline) {
        return new ExpressionGradients(compiled, inputs,
                Evaluation.run(compiled.graph(), inputs, new HashSet<>(compiled.wrt()), compiled.output(), deadline));
    }

    public CompiledExpression compiled() {
        return compiled;
    }

    /** The node's value. */
    public Tensor value(int node) {
        return evaluation.value(node);
    }

    /** d output / d node; null where nothing was differentiated. */
    public Tensor gradient(int node) {
        return evaluation.gradient(node);
    }

    public List<Warning> warnings() {
        return evaluation.warnings();
    }

    /**
     * The trace (every node, the backward derivation), made on first use and then kept; its texts
     * come from the compiled graph's template, printed once for every evaluation of the graph.
     */
    public Trace trace() {
        return traceLookup().whole();
    }

    /**
     * One node's backward entry or derivation without the whole trace (grading asks for one or two
     * wrong nodes'), and the whole trace when asked; kept with this result.
     */
    public Trace.Lookup traceLookup() {
        if (lookup == null) {
            lookup = Trace.lookup(evaluation, compiled.graph().traceTemplate());
        }
        return lookup;
    }

    /**
     * How the node's gradient is made ({@link Trace#derivation(String)}), from its own backward entry:
     * the whole trace is not made for it.
     */
    public String derivation(String id) {
        return traceLookup().derivation(id);
    }

    /** The sweeps themselves, for the grading code that compares a student's formulas with them. */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** How many elements the differentiated inputs have: what a full finite-difference check would take. */
    public long differentiatedElements() {
        long total = 0;
        for (String v : compiled.wrt()) {
            total += inputs.get(v).size();
        }
        return total;
    }

    /**
     * Up to {@code cap} differentiated elements to check by central differences: all of them if
     * there are no more, an evenly spread, fixed sample if there are; named as the text indexes
     * them ({@code A[1, 0]}).
     */
    public List<FiniteDifferences.Element> verificationSample(int cap) {
        List<FiniteDifferences.Element> all = new ArrayList<>();
        long step = Math.max(1, (differentiatedElements() + cap - 1) / cap);
        long k = 0;
        for (String v : compiled.wrt()) {
            Tensor t = inputs.get(v);
            int[] shape = t.shape();
            for (int i = 0; i < t.size(); i++, k++) {
                if (k % step == 0) {
                    String where = shape.length == 0 ? v : shape.length == 1 ? v + "[" + i + "]" : v + "[" + (i / shape[1]) + ", " + (i % shape[1]) + "]";
                    all.add(new FiniteDifferences.Element(v, i, where));
                }
            }
        }
        return all;
    }

    /** Central differences at {@code elements} against the sweep's gradients. */
    public FiniteDifferences.Verification verify(List<FiniteDifferences.Element> elements, Deadline deadline) {
        return FiniteDifferences.verify(evaluation, inputs, elements, differentiatedElements(), deadline);
    }
}
