package dev.adjoint.web.grading;

import dev.adjoint.grading.Check;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A submission is paired with the answer the same way whether the answer's prefixes are found by
 * scanning its paths (small answers) or from the prefix set (large ones), so a large answer cannot
 * make each of a submission's keys cost a scan of every path.
 */
class SubmissionChecksTest {

    @Test
    void scanningAndThePrefixSetPairTheSameItems() {
        Random random = new Random(16);
        int compared = 0;
        for (int round = 0; round < 300; round++) {
            List<String> paths = answerPaths(random, 1 + random.nextInt(120));
            Map<String, Object> submission = submission(random, paths);
            SubmissionChecks scanning = answer(new SubmissionChecks(Integer.MAX_VALUE), paths);
            SubmissionChecks prefixSet = answer(new SubmissionChecks(0), paths);
            List<Check> byScan = scanning.against(submission);
            List<Check> bySet = prefixSet.against(submission);
            assertThat(bySet).as("round %d, answer %s, submission %s", round, paths, submission).isEqualTo(byScan);
            compared += byScan.size();
        }
        assertThat(compared).as("items paired over all rounds").isGreaterThan(3_000);
    }

    @Test
    void aLargeAnswerPairsEveryUnknownObjectAsOneItem() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            paths.add("nodes.t" + i + ".value");
        }
        SubmissionChecks checks = answer(new SubmissionChecks(), paths);
        Map<String, Object> submission = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            submission.put("q" + i, Map.of("a", 1.0));
        }
        submission.put("nodes", Map.of("t7", Map.of("value", 2.0)));
        List<Check> paired = checks.against(submission);
        assertThat(paired).hasSize(5_001);
        assertThat(paired.get(0).path()).isEqualTo("q0");
        assertThat(paired.get(0).expected()).isNull();
        Check known = paired.get(5_000);
        assertThat(known.path()).isEqualTo("nodes.t7.value");
        assertThat(known.expected()).isEqualTo(7.0);
        assertThat(known.submitted()).isEqualTo(2.0);
    }

    /** Each path's expected value is its index, so a wrong pairing shows as a wrong number. */
    private static SubmissionChecks answer(SubmissionChecks checks, List<String> paths) {
        checks.container("gradient");
        for (int i = 0; i < paths.size(); i++) {
            checks.add(paths.get(i), (double) i, "n" + i, Check.Quantity.VALUE);
        }
        return checks;
    }

    /** Paths of the shapes answers have: {@code gradient.x}, {@code nodes.a.value}, {@code layers[0].weights}. */
    private static List<String> answerPaths(Random random, int count) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = switch (random.nextInt(4)) {
                case 0 -> "gradient." + name(random);
                case 1 -> "nodes." + name(random) + (random.nextBoolean() ? ".value" : ".gradient");
                case 2 -> "layers[" + random.nextInt(3) + "]." + (random.nextBoolean() ? "weights" : "bias");
                default -> name(random);
            };
            if (!paths.contains(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    private static String name(Random random) {
        return String.valueOf((char) ('a' + random.nextInt(6))) + (random.nextBoolean() ? "" : random.nextInt(3));
    }

    /** Some of the answer's items, nested as JSON would nest them, with unknown keys, empty objects and lists among them. */
    private static Map<String, Object> submission(Random random, List<String> paths) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String path : paths) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            put(root, path, random.nextBoolean() ? 1.0 : List.of(1.0, 2.0));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            Object unknown = switch (random.nextInt(4)) {
                case 0 -> Map.of();
                case 1 -> Map.of("zz", 3.0);
                case 2 -> List.of(Map.of(), Map.of("w", 1.0));
                default -> 4.0;
            };
            String where = switch (random.nextInt(3)) {
                case 0 -> "gradient.q" + i;
                case 1 -> "nodes.q" + i;
                default -> "q" + i;
            };
            put(root, where, unknown);
        }
        if (root.isEmpty()) {
            root.put("gradient", Map.of());
        }
        return root;
    }

    /** Puts a value at a dotted path with optional [i] parts, making the objects and lists on the way. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> at = root;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            boolean last = p == parts.length - 1;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                String key = part.substring(0, bracket);
                int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                Object existing = at.get(key);
                if (existing != null && !(existing instanceof List<?>)) {
                    return;
                }
                List<Object> list = (List<Object>) at.computeIfAbsent(key, k -> new ArrayList<>());
                while (list.size() <= index) {
                    list.add(new LinkedHashMap<String, Object>());
                }
                if (last) {
                    list.set(index, value);
                    return;
                }
                if (!(list.get(index) instanceof Map<?, ?> m) || !(m instanceof LinkedHashMap<?, ?>)) {
                    return;
                }
                at = (Map<String, Object>) list.get(index);
            } else if (last) {
                if (!at.containsKey(part)) {
                    at.put(part, value);
                }
            } else {
                Object next = at.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof LinkedHashMap<?, ?>)) {
                    return;
                }
                at = (Map<String, Object>) next;
            }
        }
    }
}
