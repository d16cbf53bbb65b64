package dev.adjoint.expression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The text being compiled, with the line and column of an offset for error messages and program lines. */
final class Source {

    private final String text;
    /** Offsets where lines start, found once on first use: a 300 000-line program asks for every line. */
    private int[] lineStarts;

    /** Syntax problems found so far; parsing goes on after each, up to {@link #maxSyntaxErrors}. */
    private final List<ExpressionSyntaxException.Problem> syntaxErrors = new ArrayList<>();
    private final int maxSyntaxErrors;

    Source(String text) {
        this(text, 10);
    }

    Source(String text, int maxSyntaxErrors) {
        this.text = text;
        this.maxSyntaxErrors = Math.max(1, maxSyntaxErrors);
    }

    /**
     * Notes a syntax problem and lets the caller go on: one per position, and at most the maximum,
     * keeping the earliest (the lexer notes a stray character late in the text before the parser
     * finds an earlier problem, and the first problem in the text must stay the one on top).
     */
    void record(ExpressionSyntaxException e) {
        for (ExpressionSyntaxException.Problem p : e.problems()) {
            if (syntaxErrors.stream().anyMatch(known -> known.position() == p.position())) {
                continue;
            }
            if (syntaxErrors.size() < maxSyntaxErrors) {
                syntaxErrors.add(p);
                continue;
            }
            ExpressionSyntaxException.Problem latest = syntaxErrors.stream()
                    .max(Comparator.comparingInt(ExpressionSyntaxException.Problem::position)).orElseThrow();
            if (p.position() < latest.position()) {
                syntaxErrors.remove(latest);
                syntaxErrors.add(p);
            }
        }
    }

    /**
     * Whether a syntax problem at {@code position} would be kept: false once the maximum is noted
     * and all of them come before it, so a text of a million stray characters costs no more than
     * the maximum number of messages.
     */
    boolean wouldKeep(int position) {
        return syntaxErrors.size() < maxSyntaxErrors
                || syntaxErrors.stream().anyMatch(known -> known.position() > position);
    }

    boolean hasSyntaxErrors() {
        return !syntaxErrors.isEmpty();
    }

    /** Throws every noted syntax problem as one exception, in text order; does nothing if there are none. */
    void throwSyntaxErrors() {
        if (!syntaxErrors.isEmpty()) {
            List<ExpressionSyntaxException.Problem> sorted = new ArrayList<>(syntaxErrors);
            sorted.sort(Comparator.comparingInt(ExpressionSyntaxException.Problem::position));
            throw new ExpressionSyntaxException(sorted);
        }
    }

    String text() {
        return text;
    }

    /** 1-based line of a 0-based offset. */
    int line(int position) {
        int[] starts = lineStarts();
        int i = Arrays.binarySearch(starts, Math.min(position, text.length()));
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column of a 0-based offset. */
    int column(int position) {
        int p = Math.min(position, text.length());
        return p - lineStarts()[line(p) - 1] + 1;
    }

    private int[] lineStarts() {
        if (lineStarts == null) {
            int count = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    count++;
                }
            }
            int[] starts = new int[count];
            for (int i = 0, k = 1; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts[k++] = i + 1;
                }
            }
            lineStarts = starts;
        }
        return lineStarts;
    }

    Diagnostic at(int position, String code, String message, String name, String suggestion) {
        return new Diagnostic(code, message, name, suggestion, position, line(position), column(position), null);
    }

    ExpressionSyntaxException syntaxError(Token token, String message) {
        return new ExpressionSyntaxException(message, token.position(), line(token.position()),
                column(token.position()), token.text());
    }
}
