package dev.adjoint.expression;

/** The text being compiled, with the line and column of an offset for error messages. */
record Source(String text) {

    /** 1-based line of a 0-based offset. */
    int line(int position) {
        int line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based column of a 0-based offset. */
    int column(int position) {
        int p = Math.min(position, text.length());
        int lineStart = p == 0 ? 0 : text.lastIndexOf('\n', p - 1) + 1;
        return p - lineStart + 1;
    }

    Diagnostic at(int position, String code, String message, String name, String suggestion) {
        return new Diagnostic(code, message, name, suggestion, position, line(position), column(position), null);
    }

    ExpressionSyntaxException syntaxError(Token token, String message) {
        return new ExpressionSyntaxException(message, token.position(), line(token.position()),
                column(token.position()), token.text());
    }
}
