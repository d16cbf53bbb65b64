package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Literal;
import dev.adjoint.autodiff.Op;

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
 * <p>Precedence, loosest first: {@code + -}; {@code * /}; unary {@code - +}; {@code ^} (right
 * associative). So {@code -x^2} is {@code -(x^2)} and {@code 2^3^x} is {@code 2^(3^x)}. A chain
 * {@code a + b + c} becomes one n-ary sum; parentheses end a chain.
 *
 * <p>Syntax errors throw at once. Semantic errors (an unbound name, an unknown function, a wrong
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
        int resolve(Token name);
    }

    private final Source source;
    private final List<Token> tokens;
    private final Graph.Builder graph;
    private final List<Diagnostic> diagnostics;
    private final Limits limits;
    private final Deque<Operand> operands = new ArrayDeque<>();
    private final Deque<Pending> operators = new ArrayDeque<>();

    ExpressionParser(Source source, List<Token> tokens, Graph.Builder graph, List<Diagnostic> diagnostics, Limits limits) {
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

    private enum Kind { BINARY, UNARY, PAREN, CALL }

    /** An operator, parenthesis or function call waiting on the operator stack. */
    private static final class Pending {
        final Kind kind;
        final Token token;
        int commas;

        Pending(Kind kind, Token token) {
            this.kind = kind;
            this.token = token;
        }
    }

    /** An operand: a node, or the terms of a {@code +} chain not yet made into its sum node. */
    private static final class Operand {
        int node;
        int[] terms;
        int count;

        Operand(int node) {
            this.node = node;
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
            Token t = tokens.get(i);
            if (expectOperand) {
                switch (t.type()) {
                    case NUMBER -> {
                        operands.push(new Operand(number(t)));
                        expectOperand = false;
                    }
                    case NAME -> {
                        if (tokens.get(i + 1).is(Token.Type.LPAREN)) {
                            operators.push(new Pending(Kind.CALL, t));
                            i++;
                            if (i + 1 < to && tokens.get(i + 1).is(Token.Type.RPAREN)) { // f(): no arguments
                                i++;
                                operands.push(new Operand(call(operators.pop(), new int[0])));
                                expectOperand = false;
                            }
                        } else {
                            operands.push(new Operand(names.resolve(t)));
                            expectOperand = false;
                        }
                    }
                    case LPAREN -> operators.push(new Pending(Kind.PAREN, t));
                    case MINUS, PLUS -> operators.push(new Pending(Kind.UNARY, t));
                    default -> throw source.syntaxError(t, "expected a number, a name or '(' but found " + t.shown());
                }
            } else {
                switch (t.type()) {
                    case PLUS, MINUS, TIMES, DIVIDE, POWER -> {
                        int precedence = precedence(t);
                        boolean rightAssociative = t.is(Token.Type.POWER);
                        while (!operators.isEmpty() && (operators.peek().kind == Kind.BINARY || operators.peek().kind == Kind.UNARY)) {
                            int top = precedence(operators.peek());
                            if (top > precedence || (top == precedence && !rightAssociative)) {
                                reduce(operators.pop(), operands);
                            } else {
                                break;
                            }
                        }
                        operators.push(new Pending(Kind.BINARY, t));
                        expectOperand = true;
                    }
                    case RPAREN -> {
                        Pending open = reduceToParenthesis(operators, operands, t, "')' has no matching '('");
                        if (open.kind == Kind.CALL) {
                            int[] args = new int[open.commas + 1];
                            for (int a = args.length - 1; a >= 0; a--) {
                                args[a] = materialize(operands.pop());
                            }
                            operands.push(new Operand(call(open, args)));
                        } else {
                            materialize(operands.peek()); // parentheses end a + chain: (a + b) + c is two sums
                        }
                    }
                    case COMMA -> {
                        Pending open = reduceToParenthesis(operators, operands, t, "',' separates a function's arguments, but it is not inside a call");
                        if (open.kind != Kind.CALL) {
                            throw source.syntaxError(t, "',' separates a function's arguments, but it is not inside a call");
                        }
                        materialize(operands.peek());
                        open.commas++;
                        operators.push(open);
                        expectOperand = true;
                    }
                    default -> throw source.syntaxError(t, "expected an operator, ')' or the end but found " + t.shown() + hint(i));
                }
            }
        }
        Token end = tokens.get(to);
        if (expectOperand) {
            String message = from == to ? "the expression is empty"
                    : "the expression ends where a number, a name or '(' was expected";
            throw source.syntaxError(from == to ? end : end, message);
        }
        while (!operators.isEmpty()) {
            Pending p = operators.pop();
            if (p.kind == Kind.PAREN || p.kind == Kind.CALL) {
                throw source.syntaxError(tokens.get(indexOf(p.token)), "this '(' is never closed");
            }
            reduce(p, operands);
        }
        return materialize(operands.pop());
    }

    private int indexOf(Token t) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == t) {
                // a call's '(' follows its name
                return tokens.get(i).is(Token.Type.NAME) ? i + 1 : i;
            }
        }
        return 0;
    }

    /** Reduces up to the nearest '(' or call, pops and returns it. */
    private Pending reduceToParenthesis(Deque<Pending> operators, Deque<Operand> operands, Token at, String unmatched) {
        while (!operators.isEmpty() && operators.peek().kind != Kind.PAREN && operators.peek().kind != Kind.CALL) {
            reduce(operators.pop(), operands);
        }
        if (operators.isEmpty()) {
            throw source.syntaxError(at, unmatched);
        }
        return operators.pop();
    }

    private void reduce(Pending p, Deque<Operand> operands) {
        if (p.kind == Kind.UNARY) {
            Operand o = operands.peek();
            if (p.token.is(Token.Type.MINUS)) {
                int x = materialize(o);
                o.node = x == POISONED ? POISONED : graph.apply(Op.NEG, x);
            }
            return;
        }
        Operand right = operands.pop();
        Operand left = operands.peek();
        int r = materialize(right);
        if (p.token.is(Token.Type.PLUS)) {
            if (left.terms == null) {
                left.terms = new int[] {left.node, r, 0, 0};
                left.count = 2;
            } else {
                if (left.count == left.terms.length) {
                    left.terms = Arrays.copyOf(left.terms, left.count * 2);
                }
                left.terms[left.count++] = r;
            }
            return;
        }
        Op op = switch (p.token.type()) {
            case MINUS -> Op.SUB;
            case TIMES -> Op.MUL;
            case DIVIDE -> Op.DIV;
            case POWER -> Op.POW;
            default -> throw new IllegalStateException("not a binary operator: " + p.token);
        };
        int l = materialize(left);
        left.node = l == POISONED || r == POISONED ? POISONED : graph.apply(op, l, r);
    }

    /** Turns a pending + chain into its sum node; returns the operand's node. */
    private int materialize(Operand o) {
        if (o.terms != null) {
            int[] terms = Arrays.copyOf(o.terms, o.count);
            o.node = Arrays.stream(terms).anyMatch(t -> t == POISONED) ? POISONED : graph.apply(Op.ADD, terms);
            o.terms = null;
        }
        return o.node;
    }

    private int call(Pending call, int[] args) {
        String name = call.token.text();
        Op op = Op.function(name).orElse(ALIASES.get(name));
        if (op == null) {
            if (full()) {
                return POISONED;
            }
            TreeSet<String> known = new TreeSet<>(ALIASES.keySet());
            Arrays.stream(Op.values()).filter(Op::isFunction).map(Op::symbol).forEach(known::add);
            String suggestion = Suggestions.closest(name, known);
            report(source.at(call.token.position(), "unknown-function",
                    "unknown function '" + name + "'" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ".")
                            + " Known functions: " + String.join(", ", known), name, suggestion));
            return POISONED;
        }
        if (!op.acceptsArity(args.length)) {
            report(source.at(call.token.position(), "arity",
                    name + " takes " + op.arity() + " argument" + (op.arity() == 1 ? "" : "s") + ", got " + args.length, name, null));
            return POISONED;
        }
        for (int a : args) {
            if (a == POISONED) {
                return POISONED;
            }
        }
        return graph.apply(op, args);
    }

    private int number(Token t) {
        double value = Double.parseDouble(t.text());
        if (Double.isInfinite(value)) {
            report(source.at(t.position(), "number-out-of-range", "the number " + t.text() + " is too large for a double", t.text(), null));
            return POISONED;
        }
        return graph.constant(Literal.format(value), value);
    }

    private static int precedence(Pending p) {
        return p.kind == Kind.UNARY ? 3 : precedence(p.token);
    }

    private static int precedence(Token t) {
        return switch (t.type()) {
            case PLUS, MINUS -> 1;
            case TIMES, DIVIDE -> 2;
            case POWER -> 4;
            default -> throw new IllegalStateException("not an operator: " + t);
        };
    }

    /** Why an operand cannot follow an operand: the usual slips, said plainly. */
    private String hint(int i) {
        Token previous = tokens.get(i - 1);
        Token t = tokens.get(i);
        if (previous.is(Token.Type.NAME) && Op.function(previous.text()).isPresent()) {
            return "; a function needs parentheses: " + previous.text() + "(...)";
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
        int depth = 0;
        int deepest = 0;
        for (int i = from; i < to; i++) {
            Token.Type type = tokens.get(i).type();
            if (type == Token.Type.LPAREN) {
                deepest = Math.max(deepest, ++depth);
            } else if (type == Token.Type.RPAREN) {
                depth--;
            }
        }
        if (deepest > limits.maxDepth()) {
            throw new LimitExceededException("depth", limits.maxDepth(), deepest,
                    "the expression nests " + deepest + " parentheses deep; the limit is " + limits.maxDepth());
        }
    }
}
