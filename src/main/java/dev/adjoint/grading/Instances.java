package dev.adjoint.grading;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.expression.CompiledExpression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance of a problem per student: values for its variables drawn from a seed (a student
 * id, say), the same for the same seed on every replica, every JVM and every version of the service.
 *
 * <p><b>The generator, {@value #GENERATOR}</b> (written out so that it can be re-implemented; the
 * tests pin outputs computed by an independent implementation of this text). For attempt
 * {@code k = 0, 1, ...} and each variable {@code v} with a range {@code [min, max]}:
 * <ol>
 *   <li>{@code h = SHA-256(UTF-8("adjoint-instance-v1") || 0x00 || UTF-8(seed) || 0x00 || UTF-8(v)
 *       || 0x00 || UTF-8(decimal k))}, and {@code u} its first 8 bytes as an unsigned big-endian
 *       64-bit integer.</li>
 *   <li>With a {@code step}: the grid has {@code n = floor(q + 1e-9) + 1} points, where
 *       {@code q = (max - min) / step} in exact arithmetic on the doubles' binary values, rounded
 *       down to 40 decimal places; the value is {@code min + (u mod n) * step}, computed exactly and
 *       rounded once to the nearest double, then capped at {@code max}.</li>
 *   <li>Without a step: {@code min + ((u >>> 11) * 2^-53) * (max - min)} in IEEE double arithmetic,
 *       in that order, capped at {@code max}.</li>
 * </ol>
 * Variables are drawn independently (the order of {@code ranges} does not matter). An attempt is
 * kept if the output and the gradient of every differentiated variable are finite; otherwise the
 * next attempt is drawn, up to {@link #attempts(int) a number} that shrinks for large graphs (each
 * attempt is one evaluation). The budget only decides whether an instance is found: when one is,
 * it is the first finite attempt, whatever the budget.
 */
public final class Instances {

    public static final String GENERATOR = "adjoint-instance-v1";
    /** Attempts before giving up (each is one evaluation of the problem), for graphs up to 20 000 nodes. */
    public static final int MAX_ATTEMPTS = 100;
    /** Fewest attempts, however large the graph. */
    public static final int MIN_ATTEMPTS = 10;
    /** Node evaluations one request may spend on attempts: large graphs get fewer attempts. */
    public static final long WORK = 2_000_000L;
    /** Grid points in one range with a step. */
    public static final long MAX_GRID_POINTS = 1_000_000_000L;

    private static final BigDecimal SLACK = new BigDecimal("1e-9");

    /** @param step the grid spacing, or null for any double in [min, max] */
    public record Range(double min, double max, Double step) {

        /** Points on the grid ({@code n} above); only for a range with a step. */
        public BigInteger gridPoints() {
            BigDecimal q = new BigDecimal(max).subtract(new BigDecimal(min)).divide(new BigDecimal(step), 40, RoundingMode.FLOOR);
            return q.add(SLACK).setScale(0, RoundingMode.FLOOR).toBigIntegerExact().add(BigInteger.ONE);
        }
    }

    /**
     * @param attempt    which attempt was kept (0 when the first point was finite)
     * @param evaluation the problem at {@code bindings}
     */
    public record Instance(Map<String, Double> bindings, int attempt, Evaluation evaluation) {

        /** A scalar node's value at {@code bindings}. */
        public double value(int node) {
            return evaluation.value(node).item();
        }

        /** d output / d node at {@code bindings}, for a scalar node. */
        public double gradient(int node) {
            return evaluation.gradient(node).item();
        }
    }

    private Instances() {
    }

    /**
     * @param fixed  variables bound to one value for every student
     * @param ranges variables drawn per student
     * @return the instance, or null when no attempt gave a finite output and gradient
     */
    public static Instance generate(CompiledExpression problem, Map<String, Double> fixed, Map<String, Range> ranges, String seed) {
        int attempts = attempts(problem.graph().size());
        for (int attempt = 0; attempt < attempts; attempt++) {
            Map<String, Double> bindings = new LinkedHashMap<>(fixed);
            for (Map.Entry<String, Range> r : ranges.entrySet()) {
                bindings.put(r.getKey(), draw(seed, r.getKey(), attempt, r.getValue()));
            }
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            bindings.forEach((name, value) -> inputs.put(name, Tensor.scalar(value)));
            Evaluation e = Evaluation.run(problem.graph(), inputs, new HashSet<>(problem.wrt()), problem.output());
            if (finite(e, problem)) {
                return new Instance(bindings, attempt, e);
            }
        }
        return null;
    }

    /** Attempts for a graph of {@code nodes} nodes: {@link #WORK} / nodes, between {@link #MIN_ATTEMPTS} and {@link #MAX_ATTEMPTS}. */
    public static int attempts(int nodes) {
        return (int) Math.max(MIN_ATTEMPTS, Math.min(MAX_ATTEMPTS, WORK / Math.max(1, nodes)));
    }

    /** One variable's value at one attempt: steps 1 to 3 above. */
    public static double draw(String seed, String variable, int attempt, Range range) {
        long u = hash(seed, variable, attempt);
        double value;
        if (range.step() != null) {
            BigInteger index = new BigInteger(Long.toUnsignedString(u)).mod(range.gridPoints());
            value = new BigDecimal(range.min()).add(new BigDecimal(index).multiply(new BigDecimal(range.step()))).doubleValue();
        } else {
            value = range.min() + ((u >>> 11) * 0x1.0p-53) * (range.max() - range.min());
        }
        return Math.min(value, range.max());
    }

    static long hash(String seed, String variable, int attempt) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] zero = {0};
        sha.update(GENERATOR.getBytes(StandardCharsets.UTF_8));
        sha.update(zero);
        sha.update(seed.getBytes(StandardCharsets.UTF_8));
        sha.update(zero);
        sha.update(variable.getBytes(StandardCharsets.UTF_8));
        sha.update(zero);
        sha.update(Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
        byte[] h = sha.digest();
        long u = 0;
        for (int i = 0; i < 8; i++) {
            u = (u << 8) | (h[i] & 0xFF);
        }
        return u;
    }

    private static boolean finite(Evaluation e, CompiledExpression problem) {
        Tensor out = e.value(problem.output());
        if (out.size() != 1 || !Double.isFinite(out.item())) {
            return false;
        }
        for (String v : problem.wrt()) {
            Tensor g = e.gradient(problem.graph().indexOf(v));
            if (g != null && (g.size() != 1 || !Double.isFinite(g.item()))) {
                return false;
            }
        }
        return true;
    }
}
