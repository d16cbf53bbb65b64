package dev.adjoint.expression;

/** A token and where it starts (0-based offset in the whole text). */
record Token(Type type, String text, int position) {

    enum Type { NUMBER, NAME, PLUS, MINUS, TIMES, DIVIDE, POWER, LPAREN, RPAREN, COMMA, ASSIGN, SEPARATOR, END }

    boolean is(Type t) {
        return type == t;
    }

    /** How the token reads in an error message. */
    String shown() {
        return switch (type) {
            case END -> "the end of the input";
            case SEPARATOR -> text.equals(";") ? "';'" : "the end of the line";
            default -> "'" + text + "'";
        };
    }
}
