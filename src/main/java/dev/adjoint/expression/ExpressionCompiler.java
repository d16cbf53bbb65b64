package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.LimitExceededException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Compiles an expression, or a program of named steps, into a {@link Graph}.
 *
 * <p>Every bound variable is an input node, in binding order, whether the text uses it or not.
 * In an expression, identical subexpressions are one node. In a program, each line
 * {@code name = expr} is one named node of its own: it is never merged with another node, since
 * its adjoint (d output / d name) counts only the consumers that use the name.
 */
public final class ExpressionCompiler {

    private static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

    private final Limits limits;
    private final CompiledExpressionCache cache;

    /** A compiler that keeps nothing: every call parses and builds. */
    public ExpressionCompiler(Limits limits) {
        this(limits, new CompiledExpressionCache(0));
    }

    /**
     * A compiler that keeps what it compiled in {@code cache} (keyed by everything a compilation
     * reads, so an answer from the cache is the one compiling would give).
     */
    public ExpressionCompiler(Limits limits, CompiledExpressionCache cache) {
        this.limits = limits;
        this.cache = cache;
    }

    /**
     * @param variables the bound variable names, in order
     * @param wrt       the variables to differentiate with respect to; null for all
     */
    public CompiledExpression expression(String text, Collection<String> variables, List<String> wrt) {
        return expression(text, variables, v -> SCALAR, wrt, true);
    }

    /**
     * @param shapes the bound variables and their shapes ({@code []}, {@code [n]}, {@code [m, n]}), in order
     * @param wrt    the variables to differentiate with respect to; null for all
     */
    public CompiledExpression expression(String text, Map<String, int[]> shapes, List<String> wrt) {
        return expression(text, shapes.keySet(), shapes::get, wrt, true);
    }

    /**
     * As {@link #expression(String, Map, List)}; with {@code oneElement} false the output may have
     * any shape (a Jacobian's or a JVP's output).
     */
    public CompiledExpression expression(String text, Map<String, int[]> shapes, List<String> wrt, boolean oneElement) {
        return expression(text, shapes.keySet(), shapes::get, wrt, oneElement);
    }

    private CompiledExpression expression(String text, Collection<String> variables, Function<String, int[]> shapes, List<String> wrt,
                                          boolean oneElement) {
        checkLength(text);
        if (cache.maxBytes() == 0) {
            return compileExpression(text, variables, shapes, wrt, oneElement);
        }
        return cache.get(new CompiledExpressionCache.Key(false, text, variables, shapes, null, wrt, oneElement, limits),
                () -> compileExpression(text, variables, shapes, wrt, oneElement));
    }

    private CompiledExpression compileExpression(String text, Collection<String> variables, Function<String, int[]> shapes,
                                                 List<String> wrt, boolean oneElement) {
        Source source = new Source(text, limits.maxSyntaxErrors());
        Tokens tokens = new Lexer(source, false).tokens();
        Graph.Builder graph = builder(variables, shapes);
        List<Diagnostic> diagnostics = new ArrayList<>();
        ExpressionParser parser = new ExpressionParser(source, tokens, graph, diagnostics, limits);
        // each distinct name is resolved once (an expression assigns nothing, so a name is one node throughout), then read by its id
        int[] nodeOf = new int[tokens.distinct()];
        java.util.Arrays.fill(nodeOf, -1);
        int root = parseNoting(parser, source, 0, tokens.size() - 1, name -> {
            int id = tokens.id(name);
            int node = nodeOf[id];
            if (node < 0) {
                node = resolve(tokens.text(name), tokens.position(name), graph, parser, source, variables, Set::of);
                nodeOf[id] = node;
            }
            return node;
        });
        source.throwSyntaxErrors();
        if (root != ExpressionParser.POISONED && oneElement) {
            checkOneElement(graph, root, "the expression", () -> source.at(0, null, null, null, null), diagnostics);
        }
        List<String> checkedWrt = checkWrt(wrt, variables, diagnostics);
        if (!diagnostics.isEmpty()) {
            throw new NotComputableException(diagnostics);
        }
        return new CompiledExpression(graph.build(freshIds(variables, List.of())), root, checkedWrt);
    }

    /**
     * @param output the name to differentiate; null for the last one assigned
     */
    public CompiledExpression program(String text, Collection<String> variables, String output, List<String> wrt) {
        return program(text, variables, v -> SCALAR, output, wrt, true);
    }

    /**
     * @param shapes the bound variables and their shapes, in order
     * @param output the name to differentiate; null for the last one assigned
     */
    public CompiledExpression program(String text, Map<String, int[]> shapes, String output, List<String> wrt) {
        return program(text, shapes.keySet(), shapes::get, output, wrt, true);
    }

    /** As {@link #program(String, Map, String, List)}; with {@code oneElement} false the output may have any shape. */
    public CompiledExpression program(String text, Map<String, int[]> shapes, String output, List<String> wrt, boolean oneElement) {
        return program(text, shapes.keySet(), shapes::get, output, wrt, oneElement);
    }

    private CompiledExpression program(String text, Collection<String> variables, Function<String, int[]> shapes, String output,
                                       List<String> wrt, boolean oneElement) {
        checkLength(text);
        if (cache.maxBytes() == 0) {
            return compileProgram(text, variables, shapes, output, wrt, oneElement);
        }
        return cache.get(new CompiledExpressionCache.Key(true, text, variables, shapes, output, wrt, oneElement, limits),
                () -> compileProgram(text, variables, shapes, output, wrt, oneElement));
    }

    private CompiledExpression compileProgram(String text, Collection<String> variables, Function<String, int[]> shapes, String output,
                                              List<String> wrt, boolean oneElement) {
        Source source = new Source(text, limits.maxSyntaxErrors());
        Tokens tokens = new Lexer(source, true).tokens();
        int[] statements = statements(source, tokens);
        // What is known of each name, in arrays by the name's id (Tokens): no map hashes a name or boxes a line.
        Names known = new Names(tokens);
        for (int k = 0; k < statements.length; k += 2) {
            known.assignedIn(statements[k]);
        }

        Graph.Builder graph = builder(variables, shapes);
        Set<String> variableSet = new HashSet<>(variables);
        for (String v : variables) {
            int id = tokens.idOf(v);
            if (id >= 0) {
                known.variable[id] = true;
                known.node[id] = graph.find(v);
            }
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        ExpressionParser parser = new ExpressionParser(source, tokens, graph, diagnostics, limits);
        // one resolver for every line (it captures nothing of the line)
        ExpressionParser.Names names = t -> {
            int id = tokens.id(t);
            if (known.failed[id]) {
                return ExpressionParser.POISONED;
            }
            int node = known.node[id];
            if (node >= 0) {
                return node; // bound or assigned above: the common case, one array read
            }
            String name = tokens.text(t);
            if (known.firstAssigned[id] >= 0 && !known.variable[id]) {
                if (parser.full()) {
                    return ExpressionParser.POISONED;
                }
                parser.report(source.at(tokens.position(t), "used-before-assignment", "'" + name
                        + "' is used on line " + source.line(tokens.position(t)) + " before it is assigned on line "
                        + source.line(tokens.position(known.firstAssigned[id])), name, null));
                return ExpressionParser.POISONED;
            }
            node = resolve(name, tokens.position(t), graph, parser, source, variables, known::assignedAnywhere);
            if (node >= 0) {
                known.node[id] = node; // pi or e, a constant node from now on
            }
            return node;
        };
        String last = null;
        for (int k = 0; k < statements.length; k += 2) {
            int nameToken = statements[k];
            int id = tokens.id(nameToken);
            String name = tokens.text(nameToken);
            int namePosition = tokens.position(nameToken);
            if (source.hasSyntaxErrors() && !source.wouldKeep(namePosition)) {
                break; // the answer is the syntax problems already listed; the rest cannot add one
            }
            int before = graph.size();
            int root = parseNoting(parser, source, nameToken + 2, statements[k + 1], names);
            last = name;
            if (known.variable[id]) {
                parser.report(source.at(namePosition, "assigns-variable", "'" + name
                        + "' is bound in bindings, so the program cannot assign it; rename the step or the variable", name, null));
                continue;
            }
            if (known.assignedAt[id] >= 0) {
                parser.report(source.at(namePosition, "assigned-twice", "'" + name + "' is assigned on line "
                        + source.line(known.assignedAt[id]) + " and again on line " + source.line(namePosition)
                        + "; each name is one node, so assign it once", name, null));
                continue;
            }
            known.assign(id, namePosition);
            if (root == ExpressionParser.POISONED) {
                known.failed[id] = true;
                continue;
            }
            boolean builtByThisLine = root == graph.size() - 1 && root >= before && graph.isAnonymous(root);
            int node = builtByThisLine ? root : graph.copy(root);
            graph.nameNew(node, name); // not taken: a variable's name is not assigned (above), a line's only once, and pi or e would have failed as used before
            known.node[id] = node;
        }

        source.throwSyntaxErrors();
        int outputNode = ExpressionParser.POISONED;
        String outputName = output != null ? output : last;
        if (outputName == null) {
            throw source.syntaxError(tokens.token(tokens.size() - 1), "the program assigns nothing; write one step per line, as in a = x * z");
        }
        int outputId = tokens.idOf(outputName);
        boolean outputAssigned = outputId >= 0 && known.assignedAt[outputId] >= 0;
        if (outputAssigned || variableSet.contains(outputName)) {
            outputNode = outputAssigned && !known.variable[outputId] ? known.node[outputId] : graph.find(outputName);
            if (outputNode >= 0 && oneElement) {
                int named = outputId >= 0 ? known.firstAssigned[outputId] : -1;
                checkOneElement(graph, outputNode, "the output " + outputName, () -> named >= 0 && !variableSet.contains(outputName)
                        ? source.at(tokens.position(named), null, null, null, null) : Diagnostic.inField("output", null, null, null), diagnostics);
            }
        } else {
            Set<String> assigned = new LinkedHashSet<>(known.assignedLine().keySet());
            String suggestion = Suggestions.closest(outputName, assigned);
            diagnostics.add(new Diagnostic("unknown-output", "output '" + outputName + "' is not assigned by the program"
                    + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "; it assigns " + String.join(", ", assigned)),
                    outputName, suggestion, null, null, null, "output"));
        }
        List<String> checkedWrt = checkWrt(wrt, variables, diagnostics);
        if (!diagnostics.isEmpty()) {
            throw new NotComputableException(diagnostics);
        }
        return new CompiledExpression(graph.build(freshIds(variables, known.assignedNames())), outputNode, checkedWrt);
    }

    /**
     * What a program's compile knows of each distinct name of its text, by the name's id. The maps
     * that messages iterate (names assigned anywhere, names assigned so far) are made only for a
     * message, by the same insertions in the same order as a map kept all along, so they iterate
     * in the same order.
     */
    private static final class Names {
        private final Tokens tokens;
        /** The node a name stands for so far (a variable, an assigned line, pi or e once used), or -1. */
        final int[] node;
        /** The first statement's name token that assigns the name, or -1. */
        final int[] firstAssigned;
        /** Where the statement that assigned the name (counted, even if its line failed) starts, or -1. */
        final int[] assignedAt;
        final boolean[] variable;
        /** Assigned, but its line had errors: uses of it are not new errors. */
        final boolean[] failed;
        /** Ids in order of first assignment in the text, and in order of assignment as compiled. */
        private int[] assignedAnywhere = new int[16];
        private int assignedAnywhereCount;
        private int[] assignedInOrder = new int[16];
        private int assignedInOrderCount;
        private Map<String, Integer> assignedAnywhereMap;

        Names(Tokens tokens) {
            this.tokens = tokens;
            int n = tokens.distinct();
            node = new int[n];
            firstAssigned = new int[n];
            assignedAt = new int[n];
            variable = new boolean[n];
            failed = new boolean[n];
            java.util.Arrays.fill(node, -1);
            java.util.Arrays.fill(firstAssigned, -1);
            java.util.Arrays.fill(assignedAt, -1);
        }

        void assignedIn(int nameToken) {
            int id = tokens.id(nameToken);
            if (firstAssigned[id] < 0) {
                firstAssigned[id] = nameToken;
                if (assignedAnywhereCount == assignedAnywhere.length) {
                    assignedAnywhere = java.util.Arrays.copyOf(assignedAnywhere, assignedAnywhereCount * 2);
                }
                assignedAnywhere[assignedAnywhereCount++] = id;
            }
        }

        void assign(int id, int position) {
            assignedAt[id] = position;
            if (assignedInOrderCount == assignedInOrder.length) {
                assignedInOrder = java.util.Arrays.copyOf(assignedInOrder, assignedInOrderCount * 2);
            }
            assignedInOrder[assignedInOrderCount++] = id;
        }

        /** The names assigned anywhere in the text, as a map's key set iterates them (for "did you mean"). */
        Collection<String> assignedAnywhere() {
            if (assignedAnywhereMap == null) {
                Map<String, Integer> map = new HashMap<>();
                for (int k = 0; k < assignedAnywhereCount; k++) {
                    map.putIfAbsent(tokens.distinct(assignedAnywhere[k]), firstAssigned[assignedAnywhere[k]]);
                }
                assignedAnywhereMap = map;
            }
            return assignedAnywhereMap.keySet();
        }

        /** The names assigned anywhere in the text (for the generated ids to skip), in no particular order. */
        Collection<String> assignedNames() {
            List<String> names = new ArrayList<>(assignedAnywhereCount);
            for (int k = 0; k < assignedAnywhereCount; k++) {
                names.add(tokens.distinct(assignedAnywhere[k]));
            }
            return names;
        }

        /** The names assigned so far with their positions, as a map kept all along would iterate them. */
        Map<String, Integer> assignedLine() {
            Map<String, Integer> map = new HashMap<>();
            for (int k = 0; k < assignedInOrderCount; k++) {
                map.put(tokens.distinct(assignedInOrder[k]), assignedAt[assignedInOrder[k]]);
            }
            return map;
        }
    }

    private static final int[] SCALAR = new int[0];

    private static boolean looksGenerated(String name) {
        if (name.length() < 2 || name.charAt(0) != 't') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code tokens[from, to)}; a syntax error is noted (with any more the rest of the range
     * has) and the range counts as failed, so the caller goes on to the next statement.
     */
    private static int parseNoting(ExpressionParser parser, Source source, int from, int to, ExpressionParser.Names names) {
        try {
            return parser.parse(from, to, names);
        } catch (ExpressionSyntaxException e) {
            source.record(e);
            parser.findMore(from, to, e.position());
            return ExpressionParser.POISONED;
        }
    }


    private Graph.Builder builder(Collection<String> variables, Function<String, int[]> shapes) {
        Graph.Builder graph = Graph.builder(limits.maxNodes(), limits.maxNodeElements(), limits.maxGraphElements());
        for (String v : variables) {
            graph.input(v, shapes.apply(v));
        }
        return graph;
    }

    /**
     * A gradient is of one number: the output must have one element (a scalar, [1] or [1, 1]).
     * {@code where} carries the position (or field) the diagnostic points at.
     */
    private static void checkOneElement(Graph.Builder graph, int node, String what, java.util.function.Supplier<Diagnostic> at,
                                        List<Diagnostic> diagnostics) {
        int[] shape = graph.shape(node);
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != 1) {
            Diagnostic where = at.get();
            String s = java.util.Arrays.toString(shape);
            diagnostics.add(new Diagnostic("output-not-scalar", what + " has shape " + s + ", " + size
                    + " elements, but a gradient is of one number: sum it (sum(...)), or ask /expressions/jacobian for every element's",
                    null, null, where.position(), where.line(), where.column(), where.path()));
        }
    }

    /**
     * Token ranges {@code [name, end)} of the non-empty statements, as pairs in one array; each must
     * read {@code name = ...}.
     */
    private static int[] statements(Source source, Tokens tokens) {
        int[] statements = new int[16];
        int count = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.is(i, Token.Type.SEPARATOR) || tokens.is(i, Token.Type.END)) {
                if (i > start) {
                    if (!source.wouldKeep(tokens.position(start))) {
                        start = i + 1; // the listed problems are full and all earlier: no more messages, the lines are still skipped
                        continue;
                    }
                    if (!tokens.is(start, Token.Type.NAME)) {
                        Token first = tokens.token(start);
                        source.record(source.syntaxError(first, "a program line must start with the name it assigns, as in a = x * z; found " + first.shown()));
                    } else if (!tokens.is(start + 1, Token.Type.ASSIGN)) {
                        Token second = tokens.token(start + 1);
                        source.record(source.syntaxError(second, "expected '=' after '" + tokens.text(start) + "' (a program line is name = expression) but found " + second.shown()));
                    } else {
                        if (count == statements.length) {
                            statements = java.util.Arrays.copyOf(statements, count * 2);
                        }
                        statements[count++] = start;
                        statements[count++] = i;
                    }
                }
                start = i + 1;
            }
        }
        return java.util.Arrays.copyOf(statements, count);
    }

    private static int resolve(String name, int position, Graph.Builder graph, ExpressionParser parser, Source source,
                               Collection<String> variables, Supplier<Collection<String>> assigned) {
        int node = graph.find(name);
        if (node >= 0) {
            return node;
        }
        Double constant = CONSTANTS.get(name);
        if (constant != null) {
            return graph.constant(name, constant);
        }
        if (parser.full()) {
            return ExpressionParser.POISONED;
        }
        // Both name lists as they are, not copied into one set: this runs for each unbound name.
        Collection<String> assignedNames = assigned.get();
        Iterable<String> known = () -> Stream.concat(variables.stream(), assignedNames.stream()).iterator();
        String suggestion = Suggestions.closest(name, known);
        parser.report(source.at(position, "unbound-variable", "'" + name + "' has no value: bind it in bindings"
                + (suggestion != null ? " (or did you mean '" + suggestion + "'?)" : ""), name, suggestion));
        return ExpressionParser.POISONED;
    }

    /**
     * Unknown wrt names reported one by one, each with a "did you mean" lookup; past these, one
     * line counts the rest. (Without the cap, 100 000 unknown names against 10 000 bindings were
     * a billion comparisons and a 20 MB answer.)
     */
    static final int MAX_WRT_DIAGNOSTICS = 50;

    private static List<String> checkWrt(List<String> wrt, Collection<String> variables, List<Diagnostic> diagnostics) {
        if (wrt == null) {
            return List.copyOf(variables);
        }
        Set<String> checked = new LinkedHashSet<>();
        int unknown = 0;
        for (int i = 0; i < wrt.size(); i++) {
            String name = wrt.get(i);
            if (name != null && variables.contains(name)) { // a hash lookup: bound names cost nothing more
                checked.add(name);
            } else if (++unknown <= MAX_WRT_DIAGNOSTICS) {
                String suggestion = name == null ? null : Suggestions.closest(name, variables);
                diagnostics.add(new Diagnostic("unknown-wrt", "wrt names '" + name + "', which is not bound"
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""), name, suggestion, null, null, null, "wrt[" + i + "]"));
            }
        }
        if (unknown > MAX_WRT_DIAGNOSTICS) {
            diagnostics.add(new Diagnostic("unknown-wrt", (unknown - MAX_WRT_DIAGNOSTICS) + " more wrt names are not bound (the first "
                    + MAX_WRT_DIAGNOSTICS + " are listed)", null, null, null, null, null, "wrt"));
        }
        return List.copyOf(checked);
    }

    private void checkLength(String text) {
        if (text.length() > limits.maxExpressionLength()) {
            throw new LimitExceededException("expressionLength", limits.maxExpressionLength(), text.length(),
                    "the text is " + text.length() + " characters long; the limit is " + limits.maxExpressionLength());
        }
    }

    /** "t1" to "t256", made once: an expression's anonymous nodes take these ids, and concatenating them per trace cost more than the rest of naming. */
    private static final String[] GENERATED = new String[257];

    static {
        for (int i = 1; i < GENERATED.length; i++) {
            GENERATED[i] = "t" + i;
        }
    }

    /** The generated id {@code t<i>}: a shared string for the first ones (strings are immutable: equal, whichever graph holds it). */
    static String generated(int i) {
        return i < GENERATED.length ? GENERATED[i] : "t" + i;
    }

    /**
     * t1, t2, ... skipping names the request already uses. Only the used names that read like a
     * generated id (t and digits) are kept: usually none, so the graph holds no copy of every name.
     */
    private static Supplier<String> freshIds(Collection<String> variables, Collection<String> assigned) {
        Set<String> reserved = reserved(variables, assigned);
        return new Supplier<>() {
            private int next = 1;

            @Override
            public String get() {
                String id;
                do {
                    id = generated(next++);
                } while (!reserved.isEmpty() && reserved.contains(id));
                return id;
            }
        };
    }

    /** The names that read like a generated id; an empty set (none made) when there are none, as usual. */
    private static Set<String> reserved(Collection<String> variables, Collection<String> assigned) {
        return reserved(assigned, reserved(variables, Set.of()));
    }

    private static Set<String> reserved(Collection<String> names, Set<String> reserved) {
        if (names instanceof List<String> list && names instanceof java.util.RandomAccess) { // the usual lists: no iterator
            for (int i = 0; i < list.size(); i++) {
                reserved = reserve(list.get(i), reserved);
            }
        } else {
            for (String name : names) {
                reserved = reserve(name, reserved);
            }
        }
        return reserved;
    }

    private static Set<String> reserve(String name, Set<String> reserved) {
        if (!looksGenerated(name)) {
            return reserved;
        }
        if (reserved.isEmpty()) {
            reserved = new HashSet<>();
        }
        reserved.add(name);
        return reserved;
    }
}
