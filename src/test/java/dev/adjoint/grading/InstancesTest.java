package dev.adjoint.grading;

import dev.adjoint.expression.CompiledExpression;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class InstancesTest {

    private static final ExpressionCompiler COMPILER = new ExpressionCompiler(Limits.DEFAULT);

    /**
     * Values computed outside Java by the algorithm as {@link Instances} documents it
     * ({@code scripts/instances-reference.py}: hashlib.sha256, int.from_bytes(h[:8], "big"), exact
     * Decimal arithmetic), so a change to the generator, or a JDK whose arithmetic differs, fails
     * here rather than giving students new numbers.
     */
    @Test
    void drawsArePinnedToTheDocumentedAlgorithm() {
        assertThat(Instances.hash("alice", "z", 0)).isEqualTo(Long.parseUnsignedLong("7901452772491203064"));
        assertThat(Instances.hash("alice", "z", 7)).isEqualTo(Long.parseUnsignedLong("6849630895117299924"));
        Instances.Range grid = new Instances.Range(1.0, 3.0, 0.5);
        assertThat(grid.gridPoints()).isEqualTo(BigInteger.valueOf(5));
        assertThat(Instances.draw("alice", "x", 0, grid)).isEqualTo(1.5);
        assertThat(Instances.draw("bob", "x", 0, grid)).isEqualTo(2.5);
        assertThat(Instances.draw("bob", "x", 1, grid)).isEqualTo(1.5);
        Instances.Range continuous = new Instances.Range(-2.0, 2.0, null);
        assertThat(Instances.draw("alice", "z", 0, continuous)).isEqualTo(-0.2866455476546852);
        assertThat(Instances.draw("alice", "z", 7, continuous)).isEqualTo(-0.5147230605579987);
        Instances.Range tenths = new Instances.Range(0.0, 1.0, 0.1);
        assertThat(tenths.gridPoints()).isEqualTo(BigInteger.valueOf(11)); // 0, 0.1, ..., 1: the slack keeps the last point
        assertThat(Instances.draw("s1234567", "x", 0, tenths)).isEqualTo(0.1);
        assertThat(Instances.draw("carol", "x", 0, tenths)).isEqualTo(0.2);
        assertThat(Instances.draw("Zoë", "w", 3, new Instances.Range(-1.0, 1.0, 0.25))).isEqualTo(-0.5);
    }

    @Test
    void largeGraphsGetFewerAttemptsButNeverFewerThanTen() {
        assertThat(Instances.attempts(7)).isEqualTo(100);
        assertThat(Instances.attempts(20_000)).isEqualTo(100);
        assertThat(Instances.attempts(60_000)).isEqualTo(33);
        assertThat(Instances.attempts(200_000)).isEqualTo(10);
        assertThat(Instances.attempts(5_000_000)).isEqualTo(10);
    }

    @Test
    void pointsWhereTheOutputOrGradientIsNotFiniteAreSkipped() {
        // log(x) on the grid -1, 0, 1: frank's draws are -1, -1, 0, -1, 1 (by the algorithm), so attempt 4 is kept
        CompiledExpression log = COMPILER.expression("log(x)", List.of("x"), null);
        Instances.Instance i = Instances.generate(log, Map.of(), Map.of("x", new Instances.Range(-1.0, 1.0, 1.0)), "frank");
        assertThat(i.bindings()).containsExactly(Map.entry("x", 1.0));
        assertThat(i.attempt()).isEqualTo(4);
        assertThat(Instances.generate(log, Map.of(), Map.of("x", new Instances.Range(-3.0, -1.0, null)), "frank")).isNull();
    }

    @Test
    void instancesAreDeterministicAndWithinTheirRanges() {
        CompiledExpression p = COMPILER.program("a = x*z\nb = log(x)\ny = a/b + w", List.of("w", "x", "z"), null, null);
        Map<String, Instances.Range> ranges = new LinkedHashMap<>();
        ranges.put("x", new Instances.Range(0.5, 2.5, 0.25));
        ranges.put("z", new Instances.Range(-1.0, 1.0, null));
        Map<String, Instances.Range> reversed = new LinkedHashMap<>();
        reversed.put("z", ranges.get("z"));
        reversed.put("x", ranges.get("x"));
        Random random = new Random(2026);
        for (int student = 0; student < 200; student++) {
            String seed = "s" + random.nextInt(10_000_000);
            Instances.Instance i = Instances.generate(p, Map.of("w", 7.0), ranges, seed);
            double x = i.bindings().get("x");
            double z = i.bindings().get("z");
            assertThat(x).isBetween(0.5, 2.5);
            assertThat((x - 0.5) / 0.25).isEqualTo(Math.rint((x - 0.5) / 0.25));
            assertThat(x).isNotEqualTo(1.0); // log(1) = 0 divides by zero: never kept
            assertThat(z).isBetween(-1.0, 1.0);
            assertThat(i.bindings().get("w")).isEqualTo(7.0);
            // the same seed, the order of ranges aside, gives the same values
            Instances.Instance again = Instances.generate(p, Map.of("w", 7.0), reversed, seed);
            assertThat(again.bindings().get("x")).isEqualTo(x);
            assertThat(again.bindings().get("z")).isEqualTo(z);
            assertThat(again.attempt()).isEqualTo(i.attempt());
        }
    }
}
