package dev.adjoint.web.expressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random gradient request bodies for comparing two readers: mostly well-formed requests in
 * the shape {@link ExpressionRequestReader} takes, and around them what it must decline or read
 * exactly as the data binder does: unknown, repeated and mis-cased fields, wrong types (numbers as
 * strings, text as numbers, 1 for true), nulls, lists, non-finite strings, escapes, odd numbers,
 * whitespace, broken and truncated JSON, trailing content.
 */
final class RandomRequestBodies {

    private static final String[] EXPRESSIONS = {"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "x*y", "x + q", "log(x)", "x +* y",
            "sum(x)", "\u00e9 * 2", "a \\\"quoted\\\" thing", "x\\ny", "\\u0078 * z", ""};
    private static final String[] PROGRAMS = {"a = x*z\\nb = log(x)\\ny = a + b", "y = x * z; w = y + 1", "y = ", "a = x\\na = z"};
    private static final String[] NAMES = {"x", "z", "y", "q", "\u00e9", "1x", "x x", "", "\\u0078", "_a1"};
    private static final String[] NUMBERS = {"2", "3", "-3", "0", "-0", "-0.0", "2.5e-3", "1e400", "-1E-400", "123456789012345678901234567890",
            "0.1", "4.9e-324", "1.7976931348623157e308", "3.0", "1e2", "17"};

    private final Random random;

    RandomRequestBodies(long seed) {
        this.random = new Random(seed);
    }

    String next() {
        List<String> fields = new ArrayList<>();
        if (random.nextInt(10) < 8) {
            fields.add(field("expression", random.nextInt(12) == 0 ? odd() : string(EXPRESSIONS)));
        }
        if (random.nextInt(6) == 0) {
            fields.add(field("program", random.nextInt(8) == 0 ? odd() : string(PROGRAMS)));
        }
        if (random.nextInt(10) < 9) {
            fields.add(field("bindings", bindings()));
        }
        if (random.nextInt(4) == 0) {
            fields.add(field("wrt", random.nextInt(6) == 0 ? odd() : wrt()));
        }
        if (random.nextInt(6) == 0) {
            fields.add(field("output", random.nextInt(5) == 0 ? odd() : string(NAMES)));
        }
        if (random.nextInt(4) == 0) {
            fields.add(field("verify", pick("true", "false", "null", "1", "\"true\"", "0")));
        }
        if (random.nextInt(20) == 0) {
            fields.add(field(pick("bindigs", "Expression", "extra", "verify ", ""), odd()));
        }
        if (!fields.isEmpty() && random.nextInt(20) == 0) {
            fields.add(fields.get(random.nextInt(fields.size()))); // a repeated field
        }
        java.util.Collections.shuffle(fields, random);
        String body = ws() + "{" + String.join("," + ws(), fields) + ws() + "}" + ws();
        return switch (random.nextInt(40)) {
            case 0 -> body.substring(0, random.nextInt(body.length())); // cut off
            case 1 -> body + pick("xx", "{}", "]", "1", "null");        // trailing content
            case 2 -> { // one character changed
                char[] c = body.toCharArray();
                c[random.nextInt(c.length)] = pick("\"", "{", "}", ",", ":", "[", "\\", "x", " ").charAt(0);
                yield new String(c);
            }
            case 3 -> pick("", "[]", "null", "1", "\"x\"", "[{}]");
            default -> body;
        };
    }

    private String field(String name, String value) {
        return "\"" + name + "\"" + ws() + ":" + ws() + value;
    }

    private String bindings() {
        if (random.nextInt(15) == 0) {
            return odd();
        }
        int n = random.nextInt(4);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String value = random.nextInt(10) < 8 ? pick(NUMBERS) : pick("\"2\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "null",
                    "[1, 2, 3]", "[[1, 2], [3, 4]]", "[]", "true", "{}", "[1, [2]]");
            entries.add("\"" + pick(NAMES) + "\"" + ws() + ":" + ws() + value);
        }
        return "{" + String.join("," + ws(), entries) + "}";
    }

    private String wrt() {
        int n = random.nextInt(3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(random.nextInt(8) == 0 ? pick("1", "null", "[\"x\"]") : "\"" + pick(NAMES) + "\"");
        }
        return "[" + String.join(", ", names) + "]";
    }

    /** A value of some other type than the field wants, or null. */
    private String odd() {
        return pick("null", "5", "2.5", "true", "\"text\"", "[]", "[\"x\"]", "{}", "{\"x\": 1}", "\"2\"");
    }

    private String string(String[] choices) {
        return "\"" + pick(choices) + "\"";
    }

    private String ws() {
        return pick("", "", "", " ", "\n", "\t ", "\r\n  ");
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
