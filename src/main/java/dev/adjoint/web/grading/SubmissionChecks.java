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
        Set<String> prefixes = new HashSet<>();
        for (String path : expected.keySet()) {
            for (int i = 0; i < path.length(); i++) {
                if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                    prefixes.add(path.substring(0, i));
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        submission.forEach((key, value) -> walk(key, value, prefixes, checks));
        return checks;
    }

    private void walk(String path, Object submitted, Set<String> prefixes, List<Check> checks) {
        Expected e = expected.get(path);
        if (e != null) {
            checks.add(new Check(path, e.value(), submitted, e.node(), e.quantity()));
        } else if (submitted instanceof Map<?, ?> map && map.isEmpty() && (containers.contains(path) || prefixes.contains(path))) {
            // An empty object is one item: right where the answer's object is empty too, else missing its members.
            checks.add(new Check(path, membersOf(path), submitted, null, Check.Quantity.OTHER));
        } else if (submitted instanceof Map<?, ?> map && prefixes.contains(path)) {
            map.forEach((key, value) -> walk(path + "." + key, value, prefixes, checks));
        } else if (submitted instanceof List<?> list && prefixes.contains(path)) {
            for (int i = 0; i < list.size(); i++) {
                // A list cannot skip a position, so {} there holds the place of one not submitted
                // ("layers": [{}, {"weights": ...}]); an empty object elsewhere is an item of its own.
                if (!(list.get(i) instanceof Map<?, ?> m && m.isEmpty())) {
                    walk(path + "[" + i + "]", list.get(i), prefixes, checks);
                }
            }
        } else {
            checks.add(new Check(path, null, submitted, null, Check.Quantity.OTHER));
        }
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
