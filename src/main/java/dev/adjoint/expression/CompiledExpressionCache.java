package dev.adjoint.expression;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compiled graphs by everything their compilation reads, bounded by an estimate of their memory:
 * an autograder sends one problem's text a thousand times with different bindings, and each time
 * parsing and building the graph cost more than the sweeps (BENCHMARKS.md "Where users wait").
 *
 * <p>The key is the text, whether it is an expression or a program, the bound names in order with
 * their shapes, the requested output and wrt (as sent, unknown names included), whether the output
 * must be one element, and the compiler's limits: every input of {@link ExpressionCompiler}. Binding
 * values are not in it; the compiler never reads them. A {@link CompiledExpression} is immutable
 * (its graph's arrays are never written after {@code build}), so one may serve many requests on
 * many threads. Texts that do not compile are not kept: their diagnostics are made anew each time.
 *
 * <p>Eviction is Caffeine's size-weighted W-TinyLFU (a frequency-aware LRU) over
 * {@link #weight(String, CompiledExpression)}; a graph estimated at more than an eighth of the
 * budget is compiled but never kept, so one huge program cannot flush the templates of a class.
 */
public final class CompiledExpressionCache {

    /** Bytes a graph node holds once built, about: kind, op, input array, id, shape (measured: ~100-200). */
    static final int BYTES_PER_NODE = 192;
    /**
     * Bytes a node's part of the graph's trace template holds once a trace is made (its input list,
     * expression and printed partials; measured 179 on a 3 000-line program, BENCHMARKS.md "fourth
     * pass: the trace"): counted from the start, since the template fills in after the entry is weighed.
     */
    static final int TRACE_BYTES_PER_NODE = 192;

    private final Cache<Key, CompiledExpression> cache;
    private final long maxBytes;

    /** A cache holding at most about {@code maxBytes} of compiled graphs; 0 keeps nothing. */
    public CompiledExpressionCache(long maxBytes) {
        this(maxBytes, null);
    }

    /** With evictions run on the calling thread (tests: the bound is then exact after {@link #cleanUp()}). */
    static CompiledExpressionCache synchronous(long maxBytes) {
        return new CompiledExpressionCache(maxBytes, Runnable::run);
    }

    private CompiledExpressionCache(long maxBytes, java.util.concurrent.Executor executor) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        this.maxBytes = maxBytes;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumWeight(maxBytes);
        if (executor != null) {
            builder = builder.executor(executor);
        }
        this.cache = builder.<Key, CompiledExpression>weigher((key, value) -> key.weight).build();
    }

    /** The estimated bytes an entry holds: its key's text and names, the graph, and the graph's trace template once made. */
    static long weight(String text, CompiledExpression compiled) {
        return 64L + 2L * text.length() + (long) (BYTES_PER_NODE + TRACE_BYTES_PER_NODE) * compiled.graph().size();
    }

    CompiledExpression get(Key key, Supplier<CompiledExpression> compile) {
        if (maxBytes == 0) {
            return compile.get();
        }
        CompiledExpression known = cache.getIfPresent(key);
        if (known != null) {
            return known;
        }
        // Compiled outside the cache's locks: a long program does not block other keys. Two threads
        // compiling the same text at once both compile it; the results are equal.
        CompiledExpression compiled = compile.get();
        long weight = weight(key.text, compiled);
        if (weight <= maxBytes / 8) {
            key.weight = (int) weight;
            cache.put(key, compiled);
        }
        return compiled;
    }

    /** Entries kept now. */
    public long size() {
        return cache.estimatedSize();
    }

    /** Estimated bytes kept now (the sum of the kept entries' weights). */
    public long bytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Runs pending evictions now (they otherwise run on a pool shortly after a put). */
    public void cleanUp() {
        cache.cleanUp();
    }

    /**
     * Everything compilation reads. Binding values are not part of it.
     *
     * <p>Ordered, consistently with {@code equals}, so that keys of one hash cost a lookup a few
     * comparisons, not one per such key: a request chooses the text and the bound names, strings of
     * one {@code String} hash are easy to make ("Aa" and "BB" have one), and the map under the cache
     * orders a crowded bin only by {@code compareTo} (keys that compare equal but are not equal would
     * send it down both sides of its tree). 31 000 such texts made each request ~200x slower before
     * (BENCHMARKS.md "Issue 16, seventh pass").
     */
    static final class Key implements Comparable<Key> {
        private final boolean program;
        private final String text;
        private final String[] names;
        private final int[][] shapes;
        private final String output;
        private final Object[] wrt; // as sent: may hold nulls or unknown names (their diagnostics depend on them)
        private final boolean oneElement;
        private final Limits limits;
        private final int hash;
        private int weight; // set once, before the key is put

        Key(boolean program, String text, Collection<String> variables, Function<String, int[]> shapes, String output,
            List<String> wrt, boolean oneElement, Limits limits) {
            this.program = program;
            this.text = text;
            this.names = variables.toArray(new String[0]);
            this.shapes = new int[names.length][];
            for (int i = 0; i < names.length; i++) {
                int[] s = shapes.apply(names[i]);
                this.shapes[i] = s == null ? null : s.clone();
            }
            this.output = output;
            this.wrt = wrt == null ? null : wrt.toArray();
            this.oneElement = oneElement;
            this.limits = limits;
            int h = Boolean.hashCode(program);
            h = 31 * h + text.hashCode();
            h = 31 * h + Arrays.hashCode(names);
            h = 31 * h + Arrays.deepHashCode(this.shapes);
            h = 31 * h + Objects.hashCode(output);
            h = 31 * h + Arrays.hashCode(this.wrt);
            h = 31 * h + Boolean.hashCode(oneElement);
            this.hash = 31 * h + limits.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && program == k.program && oneElement == k.oneElement
                    && text.equals(k.text) && Arrays.equals(names, k.names) && Arrays.deepEquals(shapes, k.shapes)
                    && Objects.equals(output, k.output) && Arrays.equals(wrt, k.wrt) && limits.equals(k.limits);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** By text, expression before program, then the other fields; 0 exactly when {@code equals}. */
        @Override
        public int compareTo(Key other) {
            int c = text.compareTo(other.text);
            if (c == 0) {
                c = Boolean.compare(program, other.program);
            }
            if (c == 0) {
                c = Boolean.compare(oneElement, other.oneElement);
            }
            if (c == 0) {
                c = Arrays.compare(names, other.names, NULLS_FIRST);
            }
            for (int i = 0; c == 0 && i < shapes.length; i++) { // names equal, so shapes are of one length
                c = Arrays.compare(shapes[i], other.shapes[i]);
            }
            if (c == 0) {
                c = NULLS_FIRST.compare(output, other.output);
            }
            if (c == 0) {
                c = Arrays.compare(wrt, other.wrt, (a, b) -> NULLS_FIRST.compare((String) a, (String) b));
            }
            return c != 0 ? c : LIMITS.compare(limits, other.limits);
        }

        private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
        private static final Comparator<Limits> LIMITS = Comparator.comparingInt(Limits::maxExpressionLength)
                .thenComparingInt(Limits::maxDepth).thenComparingInt(Limits::maxNodes)
                .thenComparingLong(Limits::maxNodeElements).thenComparingLong(Limits::maxGraphElements)
                .thenComparingInt(Limits::maxSyntaxErrors);
    }
}
