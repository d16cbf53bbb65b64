package dev.adjoint.autodiff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graph.Builder's sharing table (one per block of 4096 nodes, by a node's last input) and its id
 * table (named nodes taken in lazily after {@link Graph.Builder#nameNew}) against the plain way they
 * replace: one map from (op, inputs, attributes) to the anonymous node, one map from id to node.
 * Seeded random builds of tens of thousands of nodes, over recent inputs and old ones (many nodes
 * over the same old input land in one block's table), with names given along the way.
 */
class GraphBuilderTablesTest {

    private static final Op[] UNARY = {Op.SIN, Op.NEG, Op.EXP};
    private static final Op[] BINARY = {Op.MUL, Op.SUB, Op.DIV};

    /** The plain model: every anonymous node made by apply, by its key; ids by name. */
    private static final class Model {
        final Map<List<Object>, Integer> shared = new HashMap<>();
        final Map<String, Integer> byId = new HashMap<>();
        final List<Boolean> anonymous = new ArrayList<>();

        int expectApply(Op op, int[] attrs, int[] in) {
            Integer known = shared.get(key(op, attrs, in));
            return known != null && anonymous.get(known) ? known : -1;
        }

        static List<Object> key(Op op, int[] attrs, int[] in) {
            return List.of(op, Arrays.toString(in), String.valueOf(attrs == null ? null : Arrays.toString(attrs)));
        }
    }

    @Test
    void sharingAndIdsMatchOneMapEachOnSeededRandomBuilds() {
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            Graph.Builder b = Graph.builder(Integer.MAX_VALUE);
            Model m = new Model();
            for (int v = 0; v < 4; v++) {
                assertThat(b.input("x" + v, new int[0])).isEqualTo(v);
                m.byId.put("x" + v, v);
                m.anonymous.add(false);
            }
            int steps = 12_000 + random.nextInt(8_000);
            int names = 0;
            for (int step = 0; step < steps; step++) {
                int size = b.size();
                int choice = random.nextInt(100);
                if (choice < 70) {
                    Op op;
                    int[] in;
                    int kind = random.nextInt(3);
                    if (kind == 0) {
                        op = UNARY[random.nextInt(UNARY.length)];
                        in = new int[] {pick(random, size)};
                    } else if (kind == 1) {
                        op = BINARY[random.nextInt(BINARY.length)];
                        in = new int[] {pick(random, size), pick(random, size)};
                    } else {
                        op = Op.ADD;
                        in = new int[2 + random.nextInt(3)];
                        for (int k = 0; k < in.length; k++) {
                            in[k] = pick(random, size);
                        }
                    }
                    int[] attrs = random.nextInt(10) == 0 ? new int[] {random.nextInt(3)} : null;
                    int expected = m.expectApply(op, attrs, in);
                    int got = b.apply(op, attrs, in);
                    if (expected >= 0) {
                        assertThat(got).as("seed %d step %d: %s%s shared", seed, step, op, Arrays.toString(in)).isEqualTo(expected);
                    } else {
                        assertThat(got).as("seed %d step %d: %s%s new", seed, step, op, Arrays.toString(in)).isEqualTo(size);
                        m.shared.put(Model.key(op, attrs, in), got);
                        m.anonymous.add(true);
                    }
                } else if (choice < 75) {
                    int got = b.applyFresh(Op.SIN, pick(random, size));
                    assertThat(got).isEqualTo(size);
                    m.anonymous.add(true);
                } else if (choice < 80) {
                    double value = random.nextInt(50);
                    String id = Literal.format(value);
                    Integer known = m.byId.get(id);
                    int got = b.constant(id, value);
                    assertThat(got).isEqualTo(known != null ? known : size);
                    if (known == null) {
                        m.byId.put(id, got);
                        m.anonymous.add(false);
                    }
                } else if (choice < 92) {
                    int node = size - 1 - random.nextInt(Math.min(size, 8));
                    if (m.anonymous.get(node)) {
                        assertThat(b.isAnonymous(node)).isTrue();
                        String id = "n" + names++;
                        if (random.nextBoolean()) {
                            b.nameNew(node, id);
                        } else {
                            b.name(node, id);
                        }
                        m.byId.put(id, node);
                        m.anonymous.set(node, false);
                    }
                } else {
                    String id = random.nextInt(4) == 0 ? "missing" + step : "n" + random.nextInt(names + 1);
                    assertThat(b.find(id)).as("find %s", id).isEqualTo(m.byId.getOrDefault(id, -1));
                }
            }
            assertThat(b.size()).isGreaterThan(2 * 4096); // several blocks
            for (Map.Entry<String, Integer> e : m.byId.entrySet()) {
                assertThat(b.find(e.getKey())).isEqualTo(e.getValue());
            }
            Graph g = b.build(() -> "t");
            for (Map.Entry<String, Integer> e : m.byId.entrySet()) {
                assertThat(g.id(e.getValue())).isEqualTo(e.getKey());
            }
        }
    }

    /** Half the time a node of the last few (the common case), else any earlier one, often the first inputs. */
    private static int pick(Random random, int size) {
        int r = random.nextInt(4);
        if (r < 2) {
            return size - 1 - random.nextInt(Math.min(size, 6));
        }
        return r == 2 ? random.nextInt(4) : random.nextInt(size);
    }

    @Test
    void aNameGivenWithoutLookupThatWasTakenFailsOnTheNextLookup() {
        Graph.Builder b = Graph.builder(100);
        int x = b.input("x", new int[0]);
        int s = b.apply(Op.SIN, x);
        b.nameNew(s, "x");
        assertThatThrownBy(() -> b.find("y")).isInstanceOf(IllegalStateException.class).hasMessageContaining("x");
    }

    @Test
    void nodesOverOneOldInputShareInItsBlockPastManyBlocks() {
        Graph.Builder b = Graph.builder(Integer.MAX_VALUE);
        int x = b.input("x", new int[0]);
        int[] first = new int[20_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = b.apply(Op.MUL, new int[] {i}, x, x); // all in block 0's table, by their attribute
        }
        for (int i = 0; i < first.length; i++) {
            assertThat(b.apply(Op.MUL, new int[] {i}, x, x)).isEqualTo(first[i]);
        }
        assertThat(b.size()).isEqualTo(1 + first.length);
    }
    /**
     * Ids of one String hash ("Aa" and "BB" have one) move the id table to the seeded hash, and inputs of
     * one Arrays hash ((a, b) and (a + 1, b - 31)) do not share the sharing hash, so a request made of them
     * does not pile its nodes on one slot (each new one probing past all the others); the tables still
     * find each, and ordinary ids stay on their String hash.
     */
    @Test
    void idsAndInputsChosenToCollideUnderThirtyOneArePlacedApart() {
        Graph.Builder b = Graph.builder(Integer.MAX_VALUE);
        java.util.Set<Integer> stringHashes = new java.util.HashSet<>();
        java.util.Set<Integer> idHashes = new java.util.HashSet<>();
        List<String> names = new ArrayList<>();
        for (int m = 0; m < 4_096; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int bit = 0; bit < 12; bit++) {
                name.append((m >> bit & 1) == 0 ? "Aa" : "BB");
            }
            names.add(name.toString());
            stringHashes.add(name.toString().hashCode());
            idHashes.add(Graph.Builder.seededIdHash(name.toString()));
            assertThat(b.input(name.toString(), new int[0])).isEqualTo(m);
        }
        assertThat(stringHashes).hasSize(1);
        assertThat(idHashes).hasSizeGreaterThan(4_000); // a random 32-bit hash: a collision or two at most, by chance
        assertThat(b.idsSeeded()).as("the id table moved to the seeded hash").isTrue();
        for (int m = 0; m < names.size(); m++) {
            assertThat(b.find(names.get(m))).isEqualTo(m);
        }
        Graph.Builder plain = Graph.builder(Integer.MAX_VALUE);
        for (int m = 0; m < 20_000; m++) {
            assertThat(plain.input("x" + m, new int[0])).isEqualTo(m);
        }
        assertThat(plain.find("x12345")).isEqualTo(12_345);
        assertThat(plain.idsSeeded()).as("ordinary ids keep their String hash").isFalse();
        java.util.Set<Integer> arrayHashes = new java.util.HashSet<>();
        java.util.Set<Integer> sharingHashes = new java.util.HashSet<>();
        for (int a = 0; a < 100; a++) {
            int[] in = {a, 3_100 - 31 * a};
            arrayHashes.add(Arrays.hashCode(in));
            sharingHashes.add(Graph.Builder.sharingHash(Op.MUL, in, null));
            int node = b.apply(Op.MUL, in[0], in[1]);
            assertThat(b.apply(Op.MUL, in[0], in[1])).isEqualTo(node);
        }
        assertThat(arrayHashes).hasSize(1);
        assertThat(sharingHashes).hasSizeGreaterThan(95);
    }
}
