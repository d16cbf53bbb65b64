package dev.adjoint.expression;

/** A token and where it starts (0-based offset in the whole text). */
record Token(Type type, String text, int position) {

    enum Type { NUMBER, NAME, PLUS, MINUS, TIMES, DIVIDE, POWER, AT, PRIME, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, ASSIGN, SEPARATOR, END }

    boolean is(Type t) {
        return type == t;
    }

    /** The offset just after the token. */
    int end() {
        return position + text.length();
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
