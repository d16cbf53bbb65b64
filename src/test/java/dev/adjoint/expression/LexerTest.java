package dev.adjoint.expression;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lexer's tokens, held as parallel arrays, and the positions that syntax errors quote from them. */
class LexerTest {

    private static List<String> read(String text, boolean program) {
        Tokens tokens = new Lexer(new Source(text), program).tokens();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.token(i);
            assertThat(tokens.end(i)).isEqualTo(t.end());
            out.add(tokens.type(i) + " '" + tokens.text(i) + "' " + tokens.position(i));
        }
        return out;
    }

    @Test
    void typesTextsAndPositions() {
        assertThat(read("exp(x*z) + 2.5e-3**y'", false)).containsExactly(
                "NAME 'exp' 0", "LPAREN '(' 3", "NAME 'x' 4", "TIMES '*' 5", "NAME 'z' 6", "RPAREN ')' 7",
                "PLUS '+' 9", "NUMBER '2.5e-3' 11", "POWER '**' 17", "NAME 'y' 19", "PRIME ''' 20", "END '' 21");
    }

    @Test
    void aProgramsSeparatorsAndAssignments() {
        assertThat(read("a = x # note\nb = a;c = 1", true)).containsExactly(
                "NAME 'a' 0", "ASSIGN '=' 2", "NAME 'x' 4", "SEPARATOR '\n' 12", "NAME 'b' 13", "ASSIGN '=' 15",
                "NAME 'a' 17", "SEPARATOR ';' 18", "NAME 'c' 19", "ASSIGN '=' 21", "NUMBER '1' 23", "END '' 24");
    }

    @Test
    void aLongTextGrowsItsArraysAndKeepsEveryToken() {
        StringBuilder text = new StringBuilder("x0");
        for (int i = 1; i < 400; i++) {
            text.append(" + x").append(i);
        }
        Tokens tokens = new Lexer(new Source(text.toString()), false).tokens();
        assertThat(tokens.size()).isEqualTo(2 * 400); // 400 names, 399 '+', the end
        assertThat(tokens.text(798)).isEqualTo("x399");
        assertThat(tokens.position(798)).isEqualTo(text.length() - 4);
        assertThat(tokens.text(2)).isSameAs(tokens.text(2)).isEqualTo("x1");
    }

    @Test
    void syntaxErrorsQuoteTheTokenAndItsPosition() {
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        assertThatThrownBy(() -> compiler.expression("x + * z", List.of("x", "z"), null))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(4);
                    assertThat(e.column()).isEqualTo(5);
                    assertThat(e.token()).isEqualTo("*");
                    assertThat(e.getMessage()).contains("found '*'");
                });
        assertThatThrownBy(() -> compiler.expression("sin(x + (z", List.of("x", "z"), null))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> {
                    assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::position).containsExactly(3, 8);
                    assertThat(e.problems()).extracting(ExpressionSyntaxException.Problem::message).contains("this '(' is never closed");
                });
        assertThatThrownBy(() -> compiler.program("a = x\nb a", List.of("x"), null, null))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("expected '=' after 'b' (a program line is name = expression) but found 'a'");
                });
    }

    /**
     * Names and numbers are interned into dense ids: on seeded random texts, two tokens have the same
     * id exactly when their texts are equal (the plain way: a map from text to its first
     * occurrence), ids count up in order of first appearance, and each id's text is one shared string.
     */
    @Test
    void equalTextsAndOnlyThoseShareAnIdInOrderOfFirstAppearance() {
        String[] pieces = {"x", "x1", "x10", "xy", "yx", "a_b", "\u00e9t\u00e9", "2", "2.0", "2e3", ".5", "0.999", "sin", "+", "*", "**", "(", ")", " ", "\n", ";", "=", "#c\n"};
        java.util.Random random = new java.util.Random(16);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 3_000 : 40);
            for (int k = 0; k < n; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(4) == 0) {
                    text.append("v").append(random.nextInt(500)).append(' ');
                }
            }
            Tokens tokens = new Lexer(new Source(text.toString(), 1_000_000), round % 2 == 0).tokens();
            java.util.Map<String, Integer> firstId = new java.util.HashMap<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.is(i, Token.Type.NAME) || tokens.is(i, Token.Type.NUMBER)) {
                    String t = text.substring(tokens.position(i), tokens.end(i));
                    assertThat(tokens.text(i)).isEqualTo(t);
                    Integer id = firstId.get(t);
                    if (id == null) {
                        assertThat(tokens.id(i)).as("a new text gets the next id").isEqualTo(firstId.size());
                        firstId.put(t, tokens.id(i));
                    } else {
                        assertThat(tokens.id(i)).isEqualTo(id);
                    }
                    assertThat(tokens.text(i)).isSameAs(tokens.distinct(tokens.id(i)));
                    assertThat(tokens.idOf(t)).isEqualTo(tokens.id(i));
                }
            }
            assertThat(tokens.distinct()).isEqualTo(firstId.size());
            assertThat(tokens.idOf("notInTheText")).isEqualTo(-1);
        }
    }

    /**
     * Past 16 384 distinct texts (tables of 65 536 slots and up) the intern table places names by runs of 32 slots (Tokens.home): ids
     * still follow first appearance and equal texts only, checked against a map, on texts of up to
     * 60 000 distinct names (123 000 uses) in families a program has (a0, a1, ...; x_i_j), random names and
     * names of one String hash ("Aa" and "BB"), each name used again later at random.
     */
    @Test
    void largeTablesKeepIdsByFirstAppearance() {
        java.util.Random random = new java.util.Random(61);
        int largest = 0;
        for (int round = 0; round < 12; round++) {
            java.util.List<String> names = new java.util.ArrayList<>();
            int n = 3_000 + random.nextInt(120_000); // about half are new names: up to 60 000 distinct, tables of up to 131 072 slots
            for (int k = 0; k < n; k++) {
                names.add(switch (random.nextInt(5)) {
                    case 0 -> "a" + k;
                    case 1 -> "x_" + k / 50 + "_" + k % 50;
                    case 2 -> {
                        StringBuilder same = new StringBuilder("h"); // "Aa" and "BB" have one hash: 2^7 names of one hash
                        for (int b = 0; b < 7; b++) {
                            same.append(random.nextBoolean() ? "Aa" : "BB");
                        }
                        yield same.toString();
                    }
                    case 3 -> "p" + (char) ('a' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + random.nextInt(2_000);
                    default -> "q" + (char) ('a' + (k % 26)) + (char) ('a' + k / 26 % 26) + k / 676;
                });
            }
            StringBuilder text = new StringBuilder();
            java.util.Map<String, Integer> firstId = new java.util.HashMap<>();
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                String name = random.nextInt(3) == 0 ? names.get(random.nextInt(k + 1)) : names.get(k);
                text.append(name).append(random.nextBoolean() ? " + " : "\n");
                expected.add(name);
            }
            Tokens tokens = new Lexer(new Source(text.toString(), 1_000_000), true).tokens();
            int seen = 0;
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.is(i, Token.Type.NAME)) {
                    String t = expected.get(seen++);
                    assertThat(tokens.text(i)).isEqualTo(t);
                    Integer id = firstId.putIfAbsent(t, firstId.size());
                    assertThat(tokens.id(i)).isEqualTo(id == null ? firstId.size() - 1 : id);
                }
            }
            assertThat(seen).isEqualTo(n);
            assertThat(tokens.distinct()).isEqualTo(firstId.size());
            largest = Math.max(largest, tokens.distinct());
            for (java.util.Map.Entry<String, Integer> e : firstId.entrySet()) {
                assertThat(tokens.idOf(e.getKey())).isEqualTo(e.getValue());
                assertThat(tokens.idOf(e.getKey() + "z")).isEqualTo(firstId.getOrDefault(e.getKey() + "z", -1));
            }
        }
        assertThat(largest).as("some text reaches the large tables' layout").isGreaterThan(32_768);
    }

    /**
     * Names chosen to share one String hash ("Aa" and "BB" have one) do not share the intern table's
     * placement hash, so they do not pile up on one slot (a 1 MB program of such names took seconds to lex):
     * of 4 096 names of one String hash, nearly all get their own placement hash, and the lexer still gives
     * them ids by first appearance.
     */
    @Test
    void namesOfOneStringHashArePlacedApart() {
        java.util.Set<Integer> stringHashes = new java.util.HashSet<>();
        java.util.Set<Integer> placements = new java.util.HashSet<>();
        StringBuilder text = new StringBuilder();
        for (int m = 0; m < 4_096; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < 12; b++) {
                name.append((m >> b & 1) == 0 ? "Aa" : "BB");
            }
            stringHashes.add(name.toString().hashCode());
            placements.add(Tokens.placement(name.toString()));
            text.append(name).append(" + ");
        }
        assertThat(stringHashes).hasSize(1);
        assertThat(placements).hasSizeGreaterThan(4_000); // a random 32-bit hash: a collision or two at most, by chance
        Tokens tokens = new Lexer(new Source(text.append("x").toString(), 1_000_000), true).tokens();
        assertThat(tokens.distinct()).isEqualTo(4_097);
        assertThat(tokens.id(0)).isEqualTo(0);
        assertThat(tokens.id(2)).isEqualTo(1);
        assertThat(tokens.idOf(tokens.text(2))).isEqualTo(1);
    }

    /**
     * Common names (functions, one letter, pi, e, digits) take a shared string instead of a copy of the
     * text; every other text is its own copy. Either way the text and its hash are the text's.
     */
    @Test
    void commonNamesAreSharedStringsWithTheSameTextAndHash() {
        String text = "sin(x) + sinx * xx + ln(y9) + pi * e + 7 + 77 + X";
        Tokens first = new Lexer(new Source(text), false).tokens();
        Tokens second = new Lexer(new Source(new String(text.toCharArray())), false).tokens();
        for (int i = 0; i < first.size(); i++) {
            if (!first.is(i, Token.Type.NAME) && !first.is(i, Token.Type.NUMBER)) {
                continue;
            }
            String t = first.text(i);
            assertThat(t).isEqualTo(text.substring(first.position(i), first.end(i)));
            assertThat(t.hashCode()).isEqualTo(text.substring(first.position(i), first.end(i)).hashCode());
            boolean common = List.of("sin", "x", "ln", "pi", "e", "7", "X").contains(t);
            if (common) {
                assertThat(second.text(i)).as(t).isSameAs(t);
            } else {
                assertThat(second.text(i)).as(t).isNotSameAs(t).isEqualTo(t);
            }
        }
    }

    /**
     * A text that opens no more brackets than the depth limit skips counting its depth; one that
     * opens more is counted as before: nesting past the limit fails, many brackets side by side do not.
     */
    @Test
    void theDepthLimitHoldsWithOrWithoutCounting() {
        ExpressionCompiler compiler = new ExpressionCompiler(new Limits(10_000, 3, 1_000));
        assertThat(compiler.expression("sin((x)) + (x)", List.of("x"), null).graph().size()).isEqualTo(3);
        assertThat(compiler.expression("(x) + (x) + (x) + (x) + (x)", List.of("x"), null).graph().size()).isEqualTo(2);
        assertThatThrownBy(() -> compiler.expression("(((sin(x))))", List.of("x"), null))
                .isInstanceOf(dev.adjoint.autodiff.LimitExceededException.class)
                .hasMessage("the expression nests 4 parentheses deep; the limit is 3");
        assertThatThrownBy(() -> compiler.program("a = x\nb = ((([[x]])))", List.of("x"), null, null))
                .isInstanceOf(dev.adjoint.autodiff.LimitExceededException.class)
                .hasMessage("the expression nests 5 parentheses deep; the limit is 3");
    }
}
