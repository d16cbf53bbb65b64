package dev.adjoint.expression;

import java.util.List;

/**
 * The text does not parse: where, and what was found there. Parsing goes on after a syntax error,
 * so one exception can carry several {@link #problems()}; its own message and position are the first's.
 */
public class ExpressionSyntaxException extends RuntimeException {

    /** One syntax problem: what is wrong, at which 0-based position, 1-based line and column, and the token found there. */
    public record Problem(String message, int position, int line, int column, String token) {
    }

    private final int position;
    private final int line;
    private final int column;
    private final String token;
    private final List<Problem> problems;

    ExpressionSyntaxException(String message, int position, int line, int column, String token) {
        super(message);
        this.position = position;
        this.line = line;
        this.column = column;
        this.token = token;
        this.problems = List.of(new Problem(message, position, line, column, token));
    }

    /** All of {@code problems}, in text order; the first is the exception's own. */
    ExpressionSyntaxException(List<Problem> problems) {
        super(problems.get(0).message());
        Problem first = problems.get(0);
        this.position = first.position();
        this.line = first.line();
        this.column = first.column();
        this.token = first.token();
        this.problems = List.copyOf(problems);
    }

    /** 0-based offset of the offending token. */
    public int position() {
        return position;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** The offending token's text; empty at the end of the input. */
    public String token() {
        return token;
    }

    /** Every syntax problem found (at least one, at most the configured maximum), in text order. */
    public List<Problem> problems() {
        return problems;
    }
}
