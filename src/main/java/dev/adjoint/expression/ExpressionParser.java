package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Literal;
import dev.adjoint.autodiff.Op;
import dev.adjoint.autodiff.ShapeException;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses one expression (a token range) straight into graph nodes with the shunting-yard
 * algorithm: an operand stack and an operator stack, no recursion, so a 200 000-deep nesting is a
 * limit check and never a StackOverflowError.
 *
 * <p>Precedence, loosest first: {@code + -}; {@code * / @}; unary {@code - +}; {@code ^} (right
 * associative); postfix {@code '} (transpose) and {@code [i]} (indexing) bind tightest. So {@code -x^2} is {@code -(x^2)} and {@code 2^3^x} is {@code 2^(3^x)}. A chain
 * {@code a + b + c} becomes one n-ary sum; parentheses end a chain.
 *
 * <p>A syntax error throws; the compiler then notes it and calls {@link #findMore} for the rest
 * of the text, so one response lists several. Semantic errors (an unbound name, an unknown function, a wrong
 * argument count) are collected and parsing goes on, so one response lists them all; a node that
 * depends on such an error is {@link #POISONED} and is not built.
 */
final class ExpressionParser {

    /** Stands for a node that could not be built because of a collected error. */
    static final int POISONED = -1;
    private static final int MAX_DIAGNOSTICS = 50;

    private static final Map<String, Op> ALIASES = Map.of("ln", Op.LOG, "pow", Op.POW);

    /** Resolves a name in the text to a node, or records why it cannot and returns {@link #POISONED}. */
    interface Names {
        int resolve(int token);
    }

    private final Source source;
    private final Tokens tokens;
    private final Graph.Builder graph;
    private final List<Diagnostic> diagnostics;
    private final Limits limits;
    private final Deque<Operand> operands = new ArrayDeque<>();
    private final Deque<Pending> operators = new ArrayDeque<>();
    /**
     * Number literals already made into constant nodes, by their text's id ({@link Tokens#id}), as node + 1
     * (0 for none yet): a long program repeats the same few, and an array read costs less than a map's hash and equals.
     */
    private int[] numbers;

    ExpressionParser(Source source, Tokens tokens, Graph.Builder graph, List<Diagnostic> diagnostics, Limits limits) {
        this.source = source;
        this.tokens = tokens;
        this.graph = graph;
        this.diagnostics = diagnostics;
        this.limits = limits;
    }

    /** True once enough problems are collected; callers then skip building more messages. */
    boolean full() {
        return diagnostics.size() >= MAX_DIAGNOSTICS;
    }

    void report(Diagnostic d) {
        if (diagnostics.size() < MAX_DIAGNOSTICS) {
            diagnostics.add(d);
        }
    }

    private enum Kind { BINARY, UNARY, PAREN, CALL, LIST }

    /** An operator, parenthesis, function call or literal's '[' waiting on the operator stack. */
    private static final class Pending {
        final Kind kind;
        /** Its token's index (a call's name, whose '(' follows it). */
        final int token;
        int commas;
        /** sum(A, 0): the axis, read straight from its literal (no constant node is made for it); -1 for none. */
        int axis = -1;

        Pending(Kind kind, int token) {
            this.kind = kind;
            this.token = token;
        }
    }

    /**
     * An operand: a node, or the terms of a {@code +} chain not yet made into its sum node, or a
     * node whose transpose is pending (so {@code A' @ z} becomes one product node). {@code start}
     * and {@code end} are its span in the text, for messages that quote it.
     */
    private static final class Operand {
        int node;
        int[] terms;
        int count;
        /** The first '+' of a pending chain, and the ' (or transpose call) of a pending transpose, as token indices; -1 for none. */
        int chainToken = -1;
        int transposeToken = -1;
        int start;
        int end;

        Operand(int node, int start, int end) {
            this.node = node;
            this.start = start;
            this.end = end;
        }
    }

    /**
     * Parses {@code tokens[from, to)}; the token at {@code to} ends the expression (the end of the
     * input, or of a program line). Returns the root node, or {@link #POISONED}.
     */
    int parse(int from, int to, Names names) {
        checkDepth(from, to);
        Deque<Operand> operands = this.operands; // reused by each line of a program; empty after every parse
        Deque<Pending> operators = this.operators;
        operands.clear();
        operators.clear();
        boolean expectOperand = true;
        for (int i = from; i < to; i++) {
            Token.Type type = tokens.type(i);
            if (expectOperand) {
                switch (type) {
                    case NUMBER -> {
                        operands.push(new Operand(number(i), tokens.position(i), tokens.end(i)));
                        expectOperand = false;
                    }
                    case NAME -> {
                        if (tokens.is(i + 1, Token.Type.LPAREN)) {
                            int name = i;
                            operators.push(new Pending(Kind.CALL, name));
                            i++;
                            if (i + 1 < to && tokens.is(i + 1, Token.Type.RPAREN)) { // f(): no arguments
                                i++;
                                int start = tokens.position(name);
                                operands.push(new Operand(call(operators.pop(), new int[0], start, tokens.end(i)), start, tokens.end(i)));
                                expectOperand = false;
                            }
                        } else {
                            operands.push(new Operand(names.resolve(i), tokens.position(i), tokens.end(i)));
                            expectOperand = false;
                        }
                    }
                    case LPAREN -> operators.push(new Pending(Kind.PAREN, i));
                    case LBRACKET -> {
                        if (i + 1 < to && tokens.is(i + 1, Token.Type.RBRACKET)) {
                            throw source.syntaxError(tokens.token(i + 1), "a literal needs at least one element, as in [a, b, 1.5]");
                        }
                        operators.push(new Pending(Kind.LIST, i));
                    }
                    case MINUS, PLUS -> operators.push(new Pending(Kind.UNARY, i));
                    default -> throw source.syntaxError(tokens.token(i), "expected a number, a name, '(' or '[' but found " + tokens.token(i).shown()
                            + (type == Token.Type.PRIME ? "; ' transposes what comes before it, as in A' or (A @ B)'" : ""));
                }
            } else {
                switch (type) {
                    case PLUS, MINUS, TIMES, DIVIDE, POWER, AT -> {
                        int precedence = precedence(type);
                        boolean rightAssociative = type == Token.Type.POWER;
                        while (!operators.isEmpty() && (operators.peek().kind == Kind.BINARY || operators.peek().kind == Kind.UNARY)) {
                            int top = precedence(operators.peek());
                            if (top > precedence || (top == precedence && !rightAssociative)) {
                                reduce(operators.pop(), operands);
                            } else {
                                break;
                            }
                        }
                        operators.push(new Pending(Kind.BINARY, i));
                        expectOperand = true;
                    }
                    case PRIME -> { // postfix: binds tighter than any operator
                        Operand o = operands.peek();
                        materialize(o);
                        o.transposeToken = i;
                        o.end = tokens.end(i);
                    }
                    case LBRACKET -> i = index(i, to, operands.peek());
                    case RPAREN -> {
                        Pending open = reduceToParenthesis(operators, operands, i, "')' has no matching '('");
                        if (open.kind == Kind.LIST) {
                            throw source.syntaxError(tokens.token(i), "')' where ']' should close the '[' at column " + source.column(tokens.position(open.token)));
                        }
                        if (open.kind == Kind.CALL) {
                            int[] args = new int[open.commas + 1];
                            int start = tokens.position(open.token);
                            for (int a = args.length - 1; a >= 0; a--) {
                                args[a] = materialize(operands.pop());
                            }
                            Operand result = new Operand(POISONED, start, tokens.end(i));
                            if (args.length == 1 && Op.functionOrNull(tokens.text(open.token)) == Op.TRANSPOSE) {
                                result.node = args[0]; // transpose(A) @ z is one product node, as A' @ z is
                                result.transposeToken = open.token;
                            } else {
                                result.node = call(open, args, start, tokens.end(i));
                            }
                            operands.push(result);
                        } else {
                            Operand inner = operands.peek();
                            materialize(inner); // parentheses end a + chain: (a + b) + c is two sums
                            inner.start = tokens.position(open.token);
                            inner.end = tokens.end(i);
                        }
                    }
                    case RBRACKET -> {
                        Pending open = reduceToParenthesis(operators, operands, i, "']' has no matching '['");
                        if (open.kind != Kind.LIST) {
                            throw source.syntaxError(tokens.token(i), "']' where ')' should close the '(' at column " + source.column(tokens.position(open.token)));
                        }
                        int[] parts = new int[open.commas + 1];
                        for (int a = parts.length - 1; a >= 0; a--) {
                            parts[a] = materialize(operands.pop());
                        }
                        int start = tokens.position(open.token);
                        operands.push(new Operand(build(Op.LITERAL, null, parts, open.token, start, tokens.end(i)), start, tokens.end(i)));
                    }
                    case COMMA -> {
                        Pending open = reduceToParenthesis(operators, operands, i, "',' separates a function's arguments or a literal's elements, but it is not inside either");
                        if (open.kind == Kind.PAREN) {
                            throw source.syntaxError(tokens.token(i), "',' separates a function's arguments or a literal's elements, but it is not inside either");
                        }
                        materialize(operands.peek());
                        if (isAxis(open, i, to)) { // sum(A, 0): the axis is read here, never made a node
                            open.axis = axisOf(tokens.token(i + 1));
                            operators.push(open);
                            i++;
                            continue;
                        }
                        open.commas++;
                        operators.push(open);
                        expectOperand = true;
                    }
                    default -> throw source.syntaxError(tokens.token(i), "expected an operator, ')' or the end but found " + tokens.token(i).shown() + hint(i));
                }
            }
        }
        if (expectOperand) {
            String message = from == to ? "the expression is empty"
                    : "the expression ends where a number, a name or '(' was expected";
            throw source.syntaxError(tokens.token(to), message);
        }
        while (!operators.isEmpty()) {
            Pending p = operators.pop();
            if (p.kind == Kind.PAREN || p.kind == Kind.CALL || p.kind == Kind.LIST) {
                int at = p.kind == Kind.CALL ? p.token + 1 : p.token; // a call's '(' follows its name
                throw source.syntaxError(tokens.token(at), p.kind == Kind.LIST ? "this '[' is never closed" : "this '(' is never closed");
            }
            reduce(p, operands);
        }
        return materialize(operands.pop());
    }

    /**
     * After the first syntax error in {@code tokens[from, to)} (which the caller has noted), looks
     * for more: a light scan with only a bracket stack and "operand expected or not", which notes
     * each problem after {@code after} and goes on as if the likely fix were made (a missing
     * {@code *} supplied, a stray token skipped, a wrong closing bracket taken as the right one).
     * Runs only on text that failed, so well-formed requests never pay for it.
     */
    void findMore(int from, int to, int after) {
        Deque<Token> open = new ArrayDeque<>(); // '(' of a group or call, '[' of a literal or index
        Deque<Boolean> isCall = new ArrayDeque<>();
        boolean expectOperand = true;
        for (int i = from; i < to; i++) { // to the end, even once nothing more is kept: a bracket open here may close later
            Token t = tokens.token(i);
            Token.Type type = t.type();
            if (type == Token.Type.RPAREN || type == Token.Type.RBRACKET) {
                if (expectOperand && !(type == Token.Type.RPAREN && i > from && tokens.is(i - 1, Token.Type.LPAREN) && isCall.peek() == Boolean.TRUE)) {
                    note(after, t, "expected a number, a name, '(' or '[' but found " + t.shown());
                }
                Token.Type wanted = type == Token.Type.RPAREN ? Token.Type.LPAREN : Token.Type.LBRACKET;
                if (open.isEmpty()) {
                    note(after, t, type == Token.Type.RPAREN ? "')' has no matching '('" : "']' has no matching '['");
                } else {
                    Token opener = open.pop();
                    isCall.pop();
                    if (!opener.is(wanted)) {
                        note(after, t, type == Token.Type.RPAREN
                                ? "')' where ']' should close the '[' at column " + source.column(opener.position())
                                : "']' where ')' should close the '(' at column " + source.column(opener.position()));
                    }
                }
                expectOperand = false;
            } else if (expectOperand) {
                switch (type) {
                    case NUMBER -> expectOperand = false;
                    case NAME -> {
                        if (tokens.is(i + 1, Token.Type.LPAREN) && i + 1 < to) {
                            open.push(tokens.token(++i));
                            isCall.push(true);
                        } else {
                            expectOperand = false;
                        }
                    }
                    case LPAREN, LBRACKET -> {
                        open.push(t);
                        isCall.push(false);
                    }
                    case MINUS, PLUS -> { }
                    default -> note(after, t, "expected a number, a name, '(' or '[' but found " + t.shown()
                            + (t.is(Token.Type.PRIME) ? "; ' transposes what comes before it, as in A' or (A @ B)'" : ""));
                }
            } else {
                switch (type) {
                    case PLUS, MINUS, TIMES, DIVIDE, POWER, AT -> expectOperand = true;
                    case PRIME -> { }
                    case LBRACKET -> { // indexing
                        open.push(t);
                        isCall.push(false);
                        expectOperand = true;
                    }
                    case COMMA -> {
                        if (open.isEmpty() || (open.peek().is(Token.Type.LPAREN) && isCall.peek() == Boolean.FALSE)) {
                            note(after, t, "',' separates a function's arguments or a literal's elements, but it is not inside either");
                        }
                        expectOperand = true;
                    }
                    default -> { // an operand where an operator belongs: noted, then read as if '*' were there
                        note(after, t, "expected an operator, ')' or the end but found " + t.shown() + hint(i));
                        if (type == Token.Type.LPAREN) {
                            open.push(t);
                            isCall.push(false);
                            expectOperand = true;
                        } else if (type == Token.Type.NAME && tokens.is(i + 1, Token.Type.LPAREN) && i + 1 < to) {
                            open.push(tokens.token(++i));
                            isCall.push(true);
                            expectOperand = true;
                        } else if (type != Token.Type.NAME && type != Token.Type.NUMBER) {
                            expectOperand = false; // a stray token: skipped
                        }
                    }
                }
            }
        }
        if (expectOperand && to > from) {
            note(after, tokens.token(to), "the expression ends where a number, a name or '(' was expected");
        }
        while (!open.isEmpty()) { // a bracket left open is an error wherever it is (noted once per position)
            Token opener = open.pop();
            note(-1, opener, opener.is(Token.Type.LBRACKET) ? "this '[' is never closed" : "this '(' is never closed");
        }
    }

    private void note(int after, Token at, String message) {
        if (at.position() > after && source.wouldKeep(at.position())) {
            source.record(source.syntaxError(at, message));
        }
    }

    /** After ',' in a call of sum or mean: a lone number before ')' is the axis. */
    private boolean isAxis(Pending open, int comma, int to) {
        return open.kind == Kind.CALL && open.commas == 0 && open.axis < 0 && comma + 2 < to
                && tokens.is(comma + 1, Token.Type.NUMBER) && tokens.is(comma + 2, Token.Type.RPAREN)
                && Op.function(tokens.text(open.token)).map(Op::takesAxis).orElse(false);
    }

    /** The axis 0 or 1; anything else is reported, and -2 poisons the call. */
    private int axisOf(Token number) {
        double value = Double.parseDouble(number.text());
        if (value != 0.0 && value != 1.0) {
            report(source.at(number.position(), "bad-axis", "the axis is " + number.text()
                    + ": it must be 0 (collapse the rows) or 1 (collapse the columns)", number.text(), null));
            return -2;
        }
        return (int) value;
    }

    /**
     * {@code v[2]}, {@code A[1, 0]}, {@code A[1]} after an operand: integer literals only. Returns the
     * index of the closing ']'. A non-integer index is reported (the operand is poisoned), and
     * parsing goes on after its ']'.
     */
    private int index(int open, int to, Operand o) {
        int close = open + 1;
        int depth = 1;
        for (; close < to; close++) {
            Token.Type type = tokens.type(close);
            if (type == Token.Type.LBRACKET) {
                depth++;
            } else if (type == Token.Type.RBRACKET && --depth == 0) {
                break;
            }
        }
        if (close >= to) {
            throw source.syntaxError(tokens.token(open), "this '[' is never closed");
        }
        int bracket = open;
        int[] index = integerIndex(open + 1, close);
        int node = materialize(o);
        o.end = tokens.end(close);
        if (index == null) {
            int at = tokens.position(open + 1);
            report(source.at(at, "bad-index", "an index is a whole number written as a literal, 0-based: v[2], A[1, 0] or A[1] (row 1); found "
                    + source.text().substring(at, tokens.position(close)).strip(), null, null));
            o.node = POISONED;
            return close;
        }
        o.node = node == POISONED ? POISONED : build(Op.INDEX, index, new int[] {node}, bracket, o.start, o.end);
        return close;
    }

    /** tokens [from, to) as one or two whole-number literals separated by ',', or null. */
    private int[] integerIndex(int from, int to) {
        int n = to - from;
        if (n != 1 && n != 3 || n == 3 && !tokens.is(from + 1, Token.Type.COMMA)) {
            return null;
        }
        int[] index = new int[(n + 1) / 2];
        for (int k = 0; k < index.length; k++) {
            if (!tokens.is(from + 2 * k, Token.Type.NUMBER)) {
                return null;
            }
            double v = Double.parseDouble(tokens.text(from + 2 * k));
            if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
                return null;
            }
            index[k] = (int) v;
        }
        return index;
    }

    /** Reduces up to the nearest '(', call or '[', pops and returns it. */
    private Pending reduceToParenthesis(Deque<Pending> operators, Deque<Operand> operands, int at, String unmatched) {
        while (!operators.isEmpty() && (operators.peek().kind == Kind.BINARY || operators.peek().kind == Kind.UNARY)) {
            reduce(operators.pop(), operands);
        }
        if (operators.isEmpty()) {
            throw source.syntaxError(tokens.token(at), unmatched);
        }
        return operators.pop();
    }

    private void reduce(Pending p, Deque<Operand> operands) {
        if (p.kind == Kind.UNARY) {
            Operand o = operands.peek();
            if (tokens.is(p.token, Token.Type.MINUS)) {
                int x = materialize(o);
                o.node = x == POISONED ? POISONED : build(Op.NEG, null, one(x), p.token, tokens.position(p.token), o.end);
            }
            o.start = tokens.position(p.token);
            return;
        }
        Operand right = operands.pop();
        Operand left = operands.peek();
        int r = materialize(right);
        Token.Type type = tokens.type(p.token);
        if (type == Token.Type.PLUS) {
            if (left.terms == null) {
                materialize(left);
                left.terms = new int[] {left.node, r};
                left.count = 2;
                left.chainToken = p.token;
            } else {
                if (left.count == left.terms.length) {
                    left.terms = Arrays.copyOf(left.terms, left.count * 2);
                }
                left.terms[left.count++] = r;
            }
            left.end = right.end;
            return;
        }
        if (type == Token.Type.AT && left.transposeToken >= 0 && left.terms == null) { // A' @ z: one product node
            left.transposeToken = -1;
            int l = left.node;
            left.node = l == POISONED || r == POISONED ? POISONED
                    : build(Op.TRANSPOSED_PRODUCT, null, two(l, r), p.token, left.start, right.end);
            left.end = right.end;
            return;
        }
        Op op = switch (type) {
            case MINUS -> Op.SUB;
            case TIMES -> Op.MUL;
            case DIVIDE -> Op.DIV;
            case POWER -> Op.POW;
            case AT -> Op.MATRIX_PRODUCT;
            default -> throw new IllegalStateException("not a binary operator: " + type);
        };
        int l = materialize(left);
        left.node = l == POISONED || r == POISONED ? POISONED : build(op, null, two(l, r), p.token, left.start, right.end);
        left.end = right.end;
    }

    /** Turns a pending + chain into its sum node, or a pending transpose into its node; returns the operand's node. */
    private int materialize(Operand o) {
        if (o.terms != null) {
            int[] terms = o.count == o.terms.length ? o.terms : Arrays.copyOf(o.terms, o.count);
            o.node = build(Op.ADD, null, terms, o.chainToken, o.start, o.end); // POISONED if any term is
            o.terms = null;
        }
        if (o.transposeToken >= 0) {
            int prime = o.transposeToken;
            o.transposeToken = -1;
            if (o.node != POISONED) {
                int[] shape = graph.shape(o.node);
                if (shape == null || shape.length == 2) { // a vector's (and a scalar's) transpose is itself: no node
                    o.node = build(Op.TRANSPOSE, null, new int[] {o.node}, prime, o.start, o.end);
                }
            }
        }
        return o.node;
    }

    /**
     * The node of {@code op} over {@code in}; a shape that does not fit is reported with the text
     * it is written as ({@code alpha2' @ z1: [3, 4] @ [5] — the inner sizes differ (4 vs 5)}) and
     * the position of {@code at}, and the node is {@link #POISONED}.
     */
    private int build(Op op, int[] attrs, int[] in, int at, int start, int end) {
        for (int i : in) {
            if (i == POISONED) {
                return POISONED;
            }
        }
        try {
            return graph.apply(op, attrs, in);
        } catch (ShapeException e) {
            String written = source.text().substring(start, Math.min(end, source.text().length())).strip();
            report(source.at(tokens.position(at), "shape-mismatch", written + ": " + e.getMessage(), null, null));
            return POISONED;
        }
    }

    /**
     * An op's one or two inputs in an array of the parser's, reused: {@link #build} hands it to the
     * graph, which keeps a copy of the inputs, never the array itself.
     */
    private int[] one(int a) {
        one[0] = a;
        return one;
    }

    private int[] two(int a, int b) {
        two[0] = a;
        two[1] = b;
        return two;
    }

    private final int[] one = new int[1];
    private final int[] two = new int[2];

    private int call(Pending call, int[] args, int start, int end) {
        String name = tokens.text(call.token);
        Op op = Op.functionOrNull(name);
        if (op == null) {
            op = ALIASES.get(name);
        }
        if (op == null) {
            if (full()) {
                return POISONED;
            }
            TreeSet<String> known = new TreeSet<>(ALIASES.keySet());
            Arrays.stream(Op.values()).filter(Op::isFunction).map(Op::symbol).forEach(known::add);
            String suggestion = Suggestions.closest(name, known);
            report(source.at(tokens.position(call.token), "unknown-function",
                    "unknown function '" + name + "'" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ".")
                            + " Known functions: " + String.join(", ", known), name, suggestion));
            return POISONED;
        }
        if (op.takesAxis() && args.length == 2) {
            report(source.at(tokens.position(call.token), "bad-axis",
                    name + "'s second argument is an axis, written as the number 0 or 1: " + name + "(A, 0)", name, null));
            return POISONED;
        }
        if (!op.acceptsArity(args.length)) {
            String base = args.length == 2 && op == Op.LOG ? logBase(call, end) : null;
            report(source.at(tokens.position(call.token), "arity",
                    name + " takes " + op.arity() + " argument" + (op.arity() == 1 ? "" : "s")
                            + (op.takesAxis() ? " (and an optional axis)" : "") + ", got " + args.length
                            + (base != null ? base : ""), name, null));
            return POISONED;
        }
        if (call.axis == -2) {
            return POISONED;
        }
        return build(op, call.axis >= 0 ? new int[] {call.axis} : null, args, call.token, start, end);
    }

    /**
     * {@code log(x, 2)}: log is the natural logarithm, so say how a base is written: log2(x),
     * log10(x), or log(x)/log(b) for any other base.
     */
    private String logBase(Pending call, int end) {
        String inside = source.text().substring(Math.min(tokens.end(call.token) + 1, end), Math.max(tokens.end(call.token) + 1, end - 1));
        int comma = inside.lastIndexOf(',');
        if (comma < 0) {
            return null;
        }
        String x = inside.substring(0, comma).strip();
        String b = inside.substring(comma + 1).strip();
        String named = b.equals("2") ? "log2(" + x + ") or " : b.equals("10") ? "log10(" + x + ") or " : "";
        return "; log is the natural logarithm and takes no base: for log base " + b + " of " + x + " write "
                + named + "log(" + x + ")/log(" + b + ")";
    }

    private int number(int token) {
        int id = tokens.id(token);
        if (numbers == null) {
            numbers = new int[tokens.distinct()];
        }
        int known = numbers[id] - 1;
        if (known >= 0) { // the same text (the same id) is the same number: no second parse and Double.toString
            return known;
        }
        int node = numberNode(tokens.text(token), tokens.position(token));
        if (node != POISONED) {
            numbers[id] = node + 1;
        }
        return node;
    }

    private int numberNode(String text, int position) {
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            report(source.at(position, "number-out-of-range", "the number " + text + " is too large for a double", text, null));
            return POISONED;
        }
        return graph.constant(Literal.format(value), value);
    }

    private int precedence(Pending p) {
        return p.kind == Kind.UNARY ? 3 : precedence(tokens.type(p.token));
    }

    private static int precedence(Token.Type type) {
        return switch (type) {
            case PLUS, MINUS -> 1;
            case TIMES, DIVIDE, AT -> 2;
            case POWER -> 4;
            default -> throw new IllegalStateException("not an operator: " + type);
        };
    }

    /** Why an operand cannot follow an operand: the usual slips, said plainly. */
    private String hint(int i) {
        Token previous = tokens.token(i - 1);
        Token t = tokens.token(i);
        if (previous.is(Token.Type.NAME) && (Op.function(previous.text()).isPresent() || ALIASES.containsKey(previous.text()))) {
            String argument = t.is(Token.Type.NAME) || t.is(Token.Type.NUMBER) ? t.text() : "...";
            return "; a function's argument goes in parentheses: " + previous.text() + "(" + argument + ")"; // ln x, sin 2
        }
        if (t.is(Token.Type.NAME) || t.is(Token.Type.NUMBER) || t.is(Token.Type.LPAREN)) {
            return "; multiplication needs '*', as in 2 * x";
        }
        if (t.is(Token.Type.ASSIGN)) {
            return "; '=' may only follow the name at the start of a program line";
        }
        return "";
    }

    /** Parentheses (calls included) open at once must stay within the limit; counted before any node is built. */
    private void checkDepth(int from, int to) {
        if (tokens.opens() <= limits.maxDepth()) {
            return; // a range opens no more brackets than the whole text: within the limit, no need to count
        }
        int depth = 0;
        int deepest = 0;
        for (int i = from; i < to; i++) {
            Token.Type type = tokens.type(i);
            if (type == Token.Type.LPAREN || type == Token.Type.LBRACKET) {
                deepest = Math.max(deepest, ++depth);
            } else if (type == Token.Type.RPAREN || type == Token.Type.RBRACKET) {
                depth--;
            }
        }
        if (deepest > limits.maxDepth()) {
            throw new LimitExceededException("depth", limits.maxDepth(), deepest,
                    "the expression nests " + deepest + " parentheses deep; the limit is " + limits.maxDepth());
        }
    }
}
