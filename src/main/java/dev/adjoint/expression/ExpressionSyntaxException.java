package dev.adjoint.expression;

/** The text does not parse: where, and what was found there. */
public class ExpressionSyntaxException extends RuntimeException {

    private final int position;
    private final int line;
    private final int column;
    private final String token;

    ExpressionSyntaxException(String message, int position, int line, int column, String token) {
        super(message);
        this.position = position;
        this.line = line;
        this.column = column;
        this.token = token;
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
}
