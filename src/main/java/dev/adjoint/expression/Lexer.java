package dev.adjoint.expression;

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

    Tokens tokens() {
        String s = source.text();
        // a token takes at least one character, so a short text's tokens fit without growing; a long one starts at one per two
        Tokens tokens = new Tokens(s.length() <= 256 ? s.length() + 1 : s.length() / 2);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == ';') {
                if (program) {
                    tokens.add(Token.Type.SEPARATOR, c == ';' ? ";" : "\n", i);
                } else if (c == ';') {
                    note(i, () -> "';' separates statements of a program; send it as \"program\"");
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
                tokens.add(Token.Type.NUMBER, s, i, end);
                i = end;
            } else if (isNameStart(c)) {
                int end = i + 1;
                while (end < s.length() && isNamePart(s.charAt(end))) {
                    end++;
                }
                tokens.add(Token.Type.NAME, s, i, end);
                i = end;
            } else if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                tokens.add(Token.Type.POWER, "**", i);
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
                    if (c == '=') {
                        note(i, () -> "'=' assigns a name only in a program; send it as \"program\"");
                        break; // the rest is a right-hand side: read on, it would only give errors that sending a program fixes
                    }
                    int codePoint = s.codePointAt(i);
                    String found = new String(Character.toChars(codePoint));
                    Lookalike like = Lookalike.of(codePoint);
                    if (codePoint == '\u221a') { // √x: noted and skipped, so the operand is still read
                        int at = i;
                        note(i, () -> "'\u221a' is not an operator here; use sqrt(" + operandAfter(s, at + 1) + ")");
                    } else if (like == null) {
                        note(i, () -> "unexpected character '" + found + "'");
                    } else { // noted, and read as meant, so the rest of the text is still checked
                        note(i, () -> "'" + found + "' is not an operator here; use " + like.instead + like.example);
                        for (Token.Type meant : like.tokens) {
                            if (meant == Token.Type.NUMBER) {
                                tokens.addText(meant, like.instead.substring(1), i);
                            } else {
                                tokens.add(meant, SYMBOLS[like.instead.charAt(0)], i);
                            }
                        }
                    }
                    i += Character.charCount(codePoint);
                    continue;
                }
                tokens.addSymbol(type, c, i);
                i++;
            }
        }
        tokens.add(Token.Type.END, "", s.length());
        return tokens;
    }

    /** Characters a student types for an operator (from a word processor or a maths text), and what to write instead. */
    private enum Lookalike {
        TIMES("*", ", as in x * y", Token.Type.TIMES),
        MINUS("-", " (the ASCII minus), as in x - y", Token.Type.MINUS),
        DIVIDE("/", ", as in x / y", Token.Type.DIVIDE),
        SQUARE("^2", ", as in x^2", Token.Type.POWER, Token.Type.NUMBER),
        CUBE("^3", ", as in x^3", Token.Type.POWER, Token.Type.NUMBER);

        final String instead;
        final String example;
        final Token.Type[] tokens;

        Lookalike(String instead, String example, Token.Type... tokens) {
            this.instead = instead;
            this.example = example;
            this.tokens = tokens;
        }

        static Lookalike of(int codePoint) {
            return switch (codePoint) {
                case '\u00d7', '\u00b7', '\u22c5', '\u2219', '\u2217', '\u2022' -> TIMES; // × · ⋅ ∙ ∗ •
                case '\u2212', '\u2013', '\u2014', '\u2010', '\u2011' -> MINUS; // − – — ‐ ‑
                case '\u00f7', '\u2215' -> DIVIDE; // ÷ ∕
                case '\u00b2' -> SQUARE;
                case '\u00b3' -> CUBE;
                default -> null;
            };
        }
    }

    /** The name or number right after {@code from} (as in √x or √2), to write the hint with; else "...". */
    private static String operandAfter(String s, int from) {
        int end = from;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_' || s.charAt(end) == '.')) {
            end++;
        }
        return end > from ? s.substring(from, end) : "...";
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

    // ASCII first: the Character lookups cost more than the rest of lexing a short expression.
    private static boolean isNameStart(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' : Character.isLetter(c);
    }

    private static boolean isNamePart(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c) : Character.isLetterOrDigit(c);
    }

    /** Notes the problem at {@code position}, building its message only if it would be kept. */
    private void note(int position, java.util.function.Supplier<String> message) {
        if (source.wouldKeep(position)) {
            source.record(unexpected(position, message.get()));
        }
    }

    private ExpressionSyntaxException unexpected(int position, String message) {
        String text = source.text();
        return source.syntaxError(new Token(Token.Type.END, new String(Character.toChars(text.codePointAt(position))), position), message);
    }
}
