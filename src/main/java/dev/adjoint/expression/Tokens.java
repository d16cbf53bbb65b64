package dev.adjoint.expression;

import dev.adjoint.autodiff.SeededHash;

import java.util.Arrays;

/**
 * The lexer's tokens as parallel arrays (type, start, text code), read by index: a long program has
 * hundreds of thousands of tokens, and an object per token was a seventh of what such a program
 * allocated from text to gradients. A {@link Token} is made only where a message needs one ({@link #token}).
 *
 * <p>Names and numbers are interned here: each distinct text of the input gets a dense id (0, 1,
 * 2, ... in order of first appearance), so the compiler keeps what it knows of a name in arrays
 * indexed by that id rather than in maps hashed by the string. Symbols have fixed negative codes.
 */
final class Tokens {

    private static final Token.Type[] TYPES = Token.Type.values();

    /** The texts symbols can have, each one shared string; a symbol's code is -1 - its index here. */
    private static final String[] SYMBOL_TEXTS = {"+", "-", "*", "/", "^", "(", ")", ",", "=", "@", "'", "[", "]", "**", ";", "\n", ""};

    private Token.Type[] types;
    private int[] positions;
    /** Per token: the id of its name or number (0 and up), or the code of its symbol (negative). */
    private int[] codes;
    private int size;
    private int opens;

    /** The distinct names and numbers, by id. */
    private String[] distinct = new String[16];
    private int distinctCount;
    /**
     * The intern table: open addressing over entries {@code placement << 32 | id + 1} (0 is an empty slot),
     * so a probe compares hashes in the table and reads a name's characters only on a likely match. The
     * placement hash is {@link SeededHash}'s, not {@link String#hashCode}: with the latter, names built from
     * "Aa" and "BB" all have one hash, and a 1 MB program of 15 000 such names took 1.3-1.8 s to lex
     * (every new name probed past all the others) instead of milliseconds.
     */
    private long[] interned = new long[16];

    Tokens(int capacity) {
        types = new Token.Type[capacity];
        positions = new int[capacity];
        codes = new int[capacity];
    }

    /** A symbol token (an operator, a bracket, a separator, the end), its text one of the fixed ones. */
    void add(Token.Type type, String text, int position) {
        add(type, symbolCode(text), position);
    }

    /** A one-character symbol token ({@code + - * / ^ ( ) , = @ ' [ ]}), its code read from a table. */
    void addSymbol(Token.Type type, char c, int position) {
        add(type, ONE_CHARACTER[c], position);
    }

    /** A name or number token: {@code text[from, to)}, interned. */
    void add(Token.Type type, String text, int from, int to) {
        add(type, intern(text, from, to), from);
    }

    /** A name or number token whose text is not in the input where it stands (a read-as-meant ², as "2"). */
    void addText(Token.Type type, String text, int position) {
        add(type, intern(text, 0, text.length()), position);
    }

    private void add(Token.Type type, int code, int position) {
        if (size == types.length) {
            int grown = Math.max(16, size * 2);
            types = Arrays.copyOf(types, grown);
            positions = Arrays.copyOf(positions, grown);
            codes = Arrays.copyOf(codes, grown);
        }
        if (type == Token.Type.LPAREN || type == Token.Type.LBRACKET) {
            opens++;
        }
        types[size] = type;
        codes[size] = code;
        positions[size] = position;
        size++;
    }

    int size() {
        return size;
    }

    /** How many '(' and '[' the text has: no part of it can nest deeper than this. */
    int opens() {
        return opens;
    }

    Token.Type type(int i) {
        return types[i];
    }

    boolean is(int i, Token.Type type) {
        return types[i] == type;
    }

    String text(int i) {
        int code = codes[i];
        return code >= 0 ? distinct[code] : SYMBOL_TEXTS[-1 - code];
    }

    /** The id of token i's name or number: equal ids, equal texts. Only for NAME and NUMBER tokens. */
    int id(int i) {
        return codes[i];
    }

    /** How many distinct names and numbers the text has: the ids are 0 to this, exclusive. */
    int distinct() {
        return distinctCount;
    }

    /** The name or number of this id. */
    String distinct(int id) {
        return distinct[id];
    }

    /** The id of a name or number the text has, or -1 if it has none such. */
    int idOf(String name) {
        int hash = placement(name);
        int mask = interned.length - 1;
        for (int slot = home(hash, mask); interned[slot] != 0; slot = (slot + 1) & mask) {
            long entry = interned[slot];
            if ((int) (entry >>> 32) == hash && distinct[(int) entry - 1].equals(name)) {
                return (int) entry - 1;
            }
        }
        return -1;
    }

    /** Where token i starts (0-based offset in the whole text). */
    int position(int i) {
        return positions[i];
    }

    /** The offset just after token i. */
    int end(int i) {
        return positions[i] + text(i).length();
    }

    /** Token i as an object, for messages. */
    Token token(int i) {
        return new Token(type(i), text(i), positions[i]);
    }

    /**
     * The id of {@code s[from, to)}, a new one if the text has not had it yet: a name used twice is
     * not copied twice, and a string made here has its {@link String#hashCode} computed (and cached in
     * it) at once, so later lookups of it in maps (bindings, variables) do not hash it again.
     */
    private int intern(String s, int from, int to) {
        int placement = 0;
        for (int k = from; k < to; k++) {
            placement = SeededHash.MULTIPLIER * placement + s.charAt(k); // SeededHash.of over the range
        }
        int length = to - from;
        int mask = interned.length - 1;
        int slot = home(placement, mask);
        for (long entry; (entry = interned[slot]) != 0; slot = (slot + 1) & mask) {
            if ((int) (entry >>> 32) == placement) {
                String known = distinct[(int) entry - 1];
                if (known.length() == length && sameChars(s, from, known)) {
                    return (int) entry - 1;
                }
            }
        }
        String name = common(placement, s, from, length);
        if (name == null) {
            name = s.substring(from, to);
            name.hashCode(); // computed now, cached in the string
        }
        int id = distinctCount++;
        if (id == distinct.length) {
            distinct = Arrays.copyOf(distinct, id * 2);
        }
        distinct[id] = name;
        interned[slot] = (long) placement << 32 | (id + 1L);
        if (distinctCount * 2 > interned.length) {
            interned = rehash(interned);
        }
        return id;
    }

    /**
     * Texts most expressions have (the function names, one-letter names, pi and e, the digits), each
     * one shared string made once: a name so common is not copied out of every text anew. Open
     * addressing by the same placement hash as {@link #intern}'s; read only.
     */
    private static final String[] COMMON = new String[512];

    static {
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("pi", "e", "ln", "pow"));
        for (dev.adjoint.autodiff.Op op : dev.adjoint.autodiff.Op.values()) {
            if (op.isFunction()) {
                texts.add(op.symbol());
            }
        }
        for (char c = 'a'; c <= 'z'; c++) {
            texts.add(String.valueOf(c));
            texts.add(String.valueOf(Character.toUpperCase(c)));
        }
        for (char c = '0'; c <= '9'; c++) {
            texts.add(String.valueOf(c));
        }
        for (String text : texts) {
            int mask = COMMON.length - 1;
            int slot = spread(placement(text)) & mask;
            while (COMMON[slot] != null && !COMMON[slot].equals(text)) {
                slot = (slot + 1) & mask;
            }
            COMMON[slot] = text;
        }
    }

    /** The shared string of {@code s[from, from + length)} if it is one of {@link #COMMON}, else null. */
    private static String common(int placement, String s, int from, int length) {
        int mask = COMMON.length - 1;
        for (int slot = spread(placement) & mask; ; slot = (slot + 1) & mask) {
            String known = COMMON[slot];
            if (known == null) {
                return null;
            }
            if (known.length() == length && sameChars(s, from, known)) {
                return known;
            }
        }
    }

    private static long[] rehash(long[] table) {
        long[] bigger = new long[table.length * 2];
        int mask = bigger.length - 1;
        for (long entry : table) {
            if (entry != 0) {
                int slot = home((int) (entry >>> 32), mask);
                while (bigger[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[slot] = entry;
            }
        }
        return bigger;
    }

    /** A plain loop: names are a few characters, where regionMatches's general checks cost more than the compare. */
    private static boolean sameChars(String s, int from, String known) {
        for (int k = 0; k < known.length(); k++) {
            if (s.charAt(from + k) != known.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The placement hash of a whole string, as {@link #intern} computes it over a text's range (the common names' table, tests). */
    static int placement(String name) {
        return SeededHash.of(name);
    }

    /**
     * A name's first slot in an intern table of {@code mask + 1} slots. A table of fewer than 65 536 slots
     * (under 512 KB, which the cache holds) takes the spread hash. In a larger one the hash's low five bits
     * stay as they are and the rest is spread: names that differ in their last character (a1, a2, a3, ...)
     * have hashes a few apart, so a long program's new names land in one run of 32 slots (four cache lines)
     * after another, not each in a random line of a table of megabytes that the cache no longer holds.
     */
    private static int home(int h, int mask) {
        return (mask < 65_535 ? spread(h) : spread(h >>> 5) << 5 | h & 31) & mask;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static final int END_CODE = -SYMBOL_TEXTS.length;

    /** Codes of the one-character symbols, by character; 0 for none. */
    private static final int[] ONE_CHARACTER = new int[128];

    static {
        for (int k = 0; k < SYMBOL_TEXTS.length; k++) {
            if (SYMBOL_TEXTS[k].length() == 1) {
                ONE_CHARACTER[SYMBOL_TEXTS[k].charAt(0)] = -1 - k;
            }
        }
    }

    private static int symbolCode(String text) {
        if (text.length() == 1 && text.charAt(0) < 128 && ONE_CHARACTER[text.charAt(0)] != 0) {
            return ONE_CHARACTER[text.charAt(0)];
        }
        if (text.isEmpty()) {
            return END_CODE;
        }
        for (int k = 0; k < SYMBOL_TEXTS.length; k++) { // "**"
            if (SYMBOL_TEXTS[k].equals(text)) {
                return -1 - k;
            }
        }
        throw new IllegalArgumentException("not a symbol: " + text);
    }
}
