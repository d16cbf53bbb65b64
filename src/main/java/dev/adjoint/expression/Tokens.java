package dev.adjoint.expression;

import java.util.Arrays;

/**
 * The lexer's tokens as parallel arrays (type, start, text), read by index: a long program has
 * hundreds of thousands of tokens, and an object per token was a seventh of what such a program
 * allocated from text to gradients. A {@link Token} is made only where a message needs one ({@link #token}).
 */
final class Tokens {

    private Token.Type[] types;
    private int[] positions;
    /** The token's text: interned names and numbers, shared strings for symbols. */
    private String[] texts;
    private int size;

    Tokens(int capacity) {
        types = new Token.Type[capacity];
        positions = new int[capacity];
        texts = new String[capacity];
    }

    void add(Token.Type type, String text, int position) {
        if (size == types.length) {
            int grown = Math.max(16, size * 2);
            types = Arrays.copyOf(types, grown);
            positions = Arrays.copyOf(positions, grown);
            texts = Arrays.copyOf(texts, grown);
        }
        types[size] = type;
        texts[size] = text;
        positions[size] = position;
        size++;
    }

    int size() {
        return size;
    }

    Token.Type type(int i) {
        return types[i];
    }

    boolean is(int i, Token.Type type) {
        return types[i] == type;
    }

    String text(int i) {
        return texts[i];
    }

    /** Where token i starts (0-based offset in the whole text). */
    int position(int i) {
        return positions[i];
    }

    /** The offset just after token i. */
    int end(int i) {
        return positions[i] + texts[i].length();
    }

    /** Token i as an object, for messages. */
    Token token(int i) {
        return new Token(types[i], texts[i], positions[i]);
    }
}
