package dev.adjoint.web.grading;

import dev.adjoint.grading.Check;
import dev.adjoint.web.problems.InvalidRequestException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a submission (JSON as maps and lists) with our answer, path by path. The answer is a map
 * from paths ({@code gradient.x}, {@code nodes.b.gradient}, {@code layers[0].weights}) to numbers
 * or arrays; the submission is walked down to those paths, and anything it has that the answer does
 * not is an item too (verdict "unknown"), never an HTTP error.
 */
public final class SubmissionChecks {

    /** One item of our answer, and the node it is the value or gradient of (or null). */
    record Expected(Object value, String node, Check.Quantity quantity) {
    }

    private final Map<String, Expected> expected = new LinkedHashMap<>();
    /** Objects of the answer that may have no members (an expression's {@code gradient} with nothing to differentiate). */
    private final Set<String> containers = new HashSet<>();
    /** Answers with more items than this get a prefix set ({@link #isPrefix}). */
    private final int scanAtMost;

    public SubmissionChecks() {
        this(SCAN_AT_MOST);
    }

    /** With another bound between scanning and the prefix set: for the test that holds the two equal. */
    SubmissionChecks(int scanAtMost) {
        this.scanAtMost = scanAtMost;
    }

    public void add(String path, Object value, String node, Check.Quantity quantity) {
        expected.put(path, new Expected(value, node, quantity));
    }

    /**
     * Declares that the answer has an object at {@code path}, even an empty one: {@code 2*3} has
     * {@code "gradient": {}}, and a submission that sends that back is right, not an unknown item.
     */
    public void container(String path) {
        containers.add(path);
    }

    /** Whether our answer has an item at {@code path}. */
    public boolean has(String path) {
        return expected.containsKey(path);
    }

    public List<Check> against(Map<String, Object> submission) {
        if (submission == null || submission.isEmpty()) {
            throw new InvalidRequestException("submission", "the submission has nothing to check; send any of the answer's items,"
                    + " e.g. {\"gradient\": {\"x\": 1.5}}");
        }
        List<Check> checks = new ArrayList<>();
        submission.forEach((key, value) -> walk(key, value, checks));
        return checks;
    }

    private void walk(String path, Object submitted, List<Check> checks) {
        Expected e = expected.get(path);
        if (e != null) {
            checks.add(new Check(path, e.value(), submitted, e.node(), e.quantity()));
        } else if (submitted instanceof Map<?, ?> map && map.isEmpty() && (containers.contains(path) || isPrefix(path))) {
            // An empty object is one item: right where the answer's object is empty too, else missing its members.
            checks.add(new Check(path, membersOf(path), submitted, null, Check.Quantity.OTHER));
        } else if (submitted instanceof Map<?, ?> map && isPrefix(path)) {
            map.forEach((key, value) -> walk(path + "." + key, value, checks));
        } else if (submitted instanceof List<?> list && isPrefix(path)) {
            for (int i = 0; i < list.size(); i++) {
                // A list cannot skip a position, so {} there holds the place of one not submitted
                // ("layers": [{}, {"weights": ...}]); an empty object elsewhere is an item of its own.
                if (!(list.get(i) instanceof Map<?, ?> m && m.isEmpty())) {
                    walk(path + "[" + i + "]", list.get(i), checks);
                }
            }
        } else {
            checks.add(new Check(path, null, submitted, null, Check.Quantity.OTHER));
        }
    }

    /**
     * Whether an item of the answer lies under {@code path} ({@code gradient} of {@code gradient.x},
     * {@code layers} of {@code layers[0].weights}). A small answer (a problem template's) is scanned:
     * cutting its paths into a set of every prefix for each submission was 6 % of what a batch of
     * checks allocated. A larger one is cut into that set once, on first need: scanning it for each of
     * a submission's keys would cost keys x paths (a 16 MB submission against a 200 000-node program
     * would hold a thread for minutes), the set costs the answer's length once.
     */
    private boolean isPrefix(String path) {
        if (expected.size() > scanAtMost) {
            if (prefixes == null) {
                prefixes = prefixesOf(expected.keySet());
            }
            return prefixes.contains(path);
        }
        int n = path.length();
        for (String p : expected.keySet()) {
            if (p.length() > n && p.startsWith(path) && (p.charAt(n) == '.' || p.charAt(n) == '[')) {
                return true;
            }
        }
        return false;
    }

    /** By default, answers with more items than this get a prefix set ({@link #isPrefix}). */
    static final int SCAN_AT_MOST = 64;

    /** The answer's path prefixes, made on first need for an answer of more than {@link #scanAtMost} items. */
    private Set<String> prefixes;

    /** Every proper prefix of the paths that ends where a '.' or '[' begins. */
    static Set<String> prefixesOf(Iterable<String> paths) {
        Set<String> prefixes = new HashSet<>();
        for (String path : paths) {
            for (int i = 0; i < path.length(); i++) {
                if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                    prefixes.add(path.substring(0, i));
                }
            }
        }
        return prefixes;
    }

    /** The names of the answer's members directly under {@code path}, in the answer's order. */
    private Set<String> membersOf(String path) {
        Set<String> members = new java.util.LinkedHashSet<>();
        String prefix = path + ".";
        for (String p : expected.keySet()) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                int end = rest.indexOf('.');
                members.add(end < 0 ? rest : rest.substring(0, end));
            }
        }
        return members;
    }
}
