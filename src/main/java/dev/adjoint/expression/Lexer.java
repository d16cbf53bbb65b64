package dev.adjoint.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens. Numbers are decimal ({@code 2}, {@code .5}, {@code 1.5e-3}); names are
 * letters, digits and {@code _}, not starting with a digit; {@code **} is {@code ^}; {@code @} is the
 * matrix product, {@code '} the postfix transpose, {@code [ ]} literals and indexing; {@code #}
 * starts a comment to the end of the line. In a program, {@code =} assigns and a newline or
 * {@code ;} ends a statement; in a single expression a newline is only space.
 */
final class Lexer {

    /** One shared string per single-character token, not one per occurrence. */
    private static final String[] SYMBOLS = new String[128];

    static {
        for (char c : "+-*/^(),=@'[]".toCharArray()) {
            SYMBOLS[c] = String.valueOf(c);
        }
    }

    private final Source source;
    private final boolean program;

    Lexer(Source source, boolean program) {
        this.source = source;
        this.program = program;
    }

    List<Token> tokens() {
        String s = source.text();
        List<Token> tokens = new ArrayList<>(Math.max(16, s.length() / 2));
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == ';') {
                if (program) {
                    tokens.add(new Token(Token.Type.SEPARATOR, c == ';' ? ";" : "\n", i));
                } else if (c == ';') {
                    throw unexpected(i, "';' separates statements of a program; send it as \"program\"");
                }
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (isDigit(c) || (c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
                int end = numberEnd(s, i);
                tokens.add(new Token(Token.Type.NUMBER, s.substring(i, end), i));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Token.Type.NAME, s.substring(i, end), i));
                i = end;
            } else if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                tokens.add(new Token(Token.Type.POWER, "**", i));
                i += 2;
            } else {
                Token.Type type = switch (c) {
                    case '+' -> Token.Type.PLUS;
                    case '-' -> Token.Type.MINUS;
                    case '*' -> Token.Type.TIMES;
                    case '/' -> Token.Type.DIVIDE;
                    case '^' -> Token.Type.POWER;
                    case '(' -> Token.Type.LPAREN;
                    case ')' -> Token.Type.RPAREN;
                    case ',' -> Token.Type.COMMA;
                    case '@' -> Token.Type.AT;
                    case '\'' -> Token.Type.PRIME;
                    case '[' -> Token.Type.LBRACKET;
                    case ']' -> Token.Type.RBRACKET;
                    case '=' -> program ? Token.Type.ASSIGN : null;
                    default -> null;
                };
                if (type == null) {
                    throw unexpected(i, c == '=' ? "'=' assigns a name only in a program; send it as \"program\""
                            : "unexpected character '" + new String(Character.toChars(s.codePointAt(i))) + "'");
                }
                tokens.add(new Token(type, SYMBOLS[c], i));
                i++;
            }
        }
        tokens.add(new Token(Token.Type.END, "", s.length()));
        return tokens;
    }

    /** Digits, an optional fraction, an optional exponent (only when digits follow the e). */
    private static int numberEnd(String s, int i) {
        int end = i;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        if (end < s.length() && s.charAt(end) == '.') {
            end++;
            while (end < s.length() && isDigit(s.charAt(end))) {
                end++;
            }
        }
        if (end < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
            int exp = end + 1;
            if (exp < s.length() && (s.charAt(exp) == '+' || s.charAt(exp) == '-')) {
                exp++;
            }
            if (exp < s.length() && isDigit(s.charAt(exp))) {
                end = exp;
                while (end < s.length() && isDigit(s.charAt(end))) {
                    end++;
                }
            }
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private ExpressionSyntaxException unexpected(int position, String message) {
        String text = source.text();
        return source.syntaxError(new Token(Token.Type.END, new String(Character.toChars(text.codePointAt(position))), position), message);
    }
}
