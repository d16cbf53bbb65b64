package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.expression.CompiledExpression;

import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The paths of a check's answer items ({@code nodes.b.value}, {@code nodes.b.gradient},
 * {@code gradient.x}) for one compiled graph. They depend only on the graph and its wrt, and the
 * compiled-text cache hands every item of a template the same {@link CompiledExpression}, so a
 * batch of 1 000 checks on one template builds them once instead of 1 000 times (they were 7 % of
 * what such a batch allocated).
 */
final class AnswerPaths {

    /** Per node: {@code nodes.<id>.value}, {@code nodes.<id>.gradient}, and {@code gradient.<id>} or null (not a wrt input). */
    final String[] value;
    final String[] gradient;
    final String[] wrtGradient;
    /** Weak: a program too large for the compiled-text cache is not kept alive by this memo. */
    private final WeakReference<CompiledExpression> owner;

    private AnswerPaths(CompiledExpression compiled) {
        Graph graph = compiled.graph();
        int n = graph.size();
        value = new String[n];
        gradient = new String[n];
        wrtGradient = new String[n];
        Set<String> wrt = new HashSet<>(compiled.wrt());
        for (int node = 0; node < n; node++) {
            String id = graph.id(node);
            value[node] = "nodes." + id + ".value";
            gradient[node] = "nodes." + id + ".gradient";
            if (graph.kind(node) == Graph.Kind.INPUT && wrt.contains(id)) {
                wrtGradient[node] = "gradient." + id;
            }
        }
        owner = new WeakReference<>(compiled);
    }

    /** A few slots by identity: bounded, safe on every core (each slot holds an immutable object). */
    private static final int SLOTS = 16;
    private static final AtomicReferenceArray<AnswerPaths> MEMO = new AtomicReferenceArray<>(SLOTS);

    /** The paths of {@code compiled}'s items: remembered for the same compiled object, built otherwise. */
    static AnswerPaths of(CompiledExpression compiled) {
        int slot = System.identityHashCode(compiled) & (SLOTS - 1);
        AnswerPaths known = MEMO.get(slot);
        if (known != null && known.owner.get() == compiled) {
            return known;
        }
        AnswerPaths made = new AnswerPaths(compiled);
        MEMO.set(slot, made);
        return made;
    }
}
