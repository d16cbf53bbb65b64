package dev.adjoint.web.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch body's envelope read in one pass over its characters, without Jackson: each item's
 * path and the span of its body. Only the plain shape is taken, {@code {"requests": [{"path":
 * "...", "body": {...}}, ...]}} (either order of the two keys, JSON whitespace anywhere, a path
 * without escapes, a body that is an object); for anything else {@link #scan} says null and the
 * batch is read as before (Jackson, then {@code itemBodies}), so every unusual body keeps its exact
 * problem. The bodies' own JSON is not checked here: each is read by Jackson from its span, and a
 * body Jackson cannot read sends the whole batch back the old way too.
 *
 * <p>Before, the envelope was read twice (a tree of every body, then a token pass for the spans):
 * 30 % of the server's CPU for a batch of 1 000 checks, all of it on one core.
 */
final class BatchEnvelope {

    /**
     * Deeper bodies go the old way, so Jackson's nesting limit (500, counted from the batch's root,
     * three levels above a body) is met or missed exactly as before.
     */
    static final int MAX_BODY_DEPTH = 400;

    final List<BatchRequest.Item> items;
    final String[] bodies;

    private BatchEnvelope(List<BatchRequest.Item> items, String[] bodies) {
        this.items = items;
        this.bodies = bodies;
    }

    /** The envelope of the plain shape with 1 to {@code maxItems} items, or null. */
    static BatchEnvelope scan(String text, int maxItems) {
        try {
            return new Scanner(text).envelope(maxItems);
        } catch (NotPlain e) {
            return null;
        }
    }

    /** Thrown at the first character that is not the plain shape; cheap (no stack trace). */
    private static final class NotPlain extends RuntimeException {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final class Scanner {
        private final String s;
        private int i;
        /** The first backslash at or after {@code i}'s last look, or -1 for none left. */
        private int backslash = -2;
        /** The same for quotes: a string of many escapes must not search for its far closing quote once per escape. */
        private int quote = -2;

        Scanner(String s) {
            this.s = s;
        }

        BatchEnvelope envelope(int maxItems) {
            expect('{');
            if (!"requests".equals(plainString(null))) {
                throw NotPlain.INSTANCE;
            }
            expect(':');
            expect('[');
            List<BatchRequest.Item> items = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            do {
                if (items.size() == maxItems) {
                    throw NotPlain.INSTANCE; // over the limit: the old way answers it
                }
                expect('{');
                String path = null;
                String body = null;
                for (int k = 0; k < 2; k++) {
                    String key = plainString(null);
                    expect(':');
                    if ("path".equals(key) && path == null) {
                        path = plainString(items.isEmpty() ? null : items.get(items.size() - 1).path());
                    } else if ("body".equals(key) && body == null) {
                        body = object();
                    } else {
                        throw NotPlain.INSTANCE;
                    }
                    if (k == 0) {
                        expect(',');
                    }
                }
                expect('}');
                items.add(new BatchRequest.Item(path, null));
                bodies.add(body);
            } while (next() == ',');
            back(']');
            expect('}');
            skipWhitespace();
            if (i != s.length()) {
                throw NotPlain.INSTANCE;
            }
            return new BatchEnvelope(items, bodies.toArray(new String[0]));
        }

        /** The next character after whitespace, consumed. */
        private char next() {
            skipWhitespace();
            if (i >= s.length()) {
                throw NotPlain.INSTANCE;
            }
            return s.charAt(i++);
        }

        /**
         * Past the closing quote of a string whose opening quote was just consumed. Quotes and
         * backslashes are found with {@link String#indexOf} (a vectorised search, most of a body
         * being the text of its strings), the next of each remembered, so each character is
         * searched once however many escapes and strings there are.
         */
        private void skipStringRest() {
            while (true) {
                if (quote != -1 && quote < i) {
                    quote = s.indexOf('"', i);
                }
                if (quote < 0) {
                    throw NotPlain.INSTANCE;
                }
                if (backslash != -1 && backslash < i) {
                    backslash = s.indexOf('\\', i);
                }
                if (backslash == -1 || backslash > quote) {
                    i = quote + 1;
                    return;
                }
                i = backslash + 2; // the escaped character, a quote or not, does not end the string
                if (i > s.length()) {
                    throw NotPlain.INSTANCE;
                }
            }
        }

        /** The character just consumed must be {@code c}. */
        private void back(char c) {
            if (s.charAt(i - 1) != c) {
                throw NotPlain.INSTANCE;
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw NotPlain.INSTANCE;
            }
        }

        private void skipWhitespace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                i++;
            }
        }

        /**
         * A string of printable characters without escapes; {@code same} itself where the text is
         * that (a batch's items mostly name one path: one string, not a thousand copies).
         */
        private String plainString(String same) {
            expect('"');
            int from = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    int length = i++ - from;
                    return same != null && same.length() == length && s.regionMatches(from, same, 0, length) ? same : s.substring(from, from + length);
                }
                if (c == '\\' || c < 0x20) {
                    throw NotPlain.INSTANCE;
                }
                i++;
            }
            throw NotPlain.INSTANCE;
        }

        /**
         * The text of an object, from its '{' to its matching '}'. Only brackets and strings are
         * followed here; whether the text between is JSON is for Jackson to say when it reads it.
         */
        private String object() {
            expect('{');
            int from = i - 1;
            int depth = 1;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    skipStringRest();
                } else if (c == '{' || c == '[') {
                    if (++depth > MAX_BODY_DEPTH) {
                        throw NotPlain.INSTANCE;
                    }
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        if (c != '}') {
                            throw NotPlain.INSTANCE;
                        }
                        return s.substring(from, i);
                    }
                }
            }
            throw NotPlain.INSTANCE;
        }
    }
}
