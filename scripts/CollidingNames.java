import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;

import java.util.List;

/**
 * Hostile texts for the compiler's hash tables (BENCHMARKS.md "Issue 16, sixth pass: 10³ to 10⁶ nodes"), every
 * name built from "Aa" and "BB", which have one String hash, so all 2^k names share it: a program of up to 1 MB of
 * lines {@code h<AaBB...> = <previous> + 1} (the lexer's intern table), and with {@code variables} an expression
 * summing 2^k such variables (the graph's id table). Prints the wall time of three compiles. Run on a build's classes:
 * {@code java -cp target/classes:$CP scripts/CollidingNames.java 14} or {@code ... 13 variables}
 */
public class CollidingNames {
    public static void main(String[] args) {
        int pairs = Integer.parseInt(args[0]);
        if (args.length > 1 && args[1].equals("variables")) {
            variables(pairs);
            return;
        }
        StringBuilder text = new StringBuilder();
        int names = 0;
        String previous = "x";
        for (int m = 0; m < (1 << pairs) && text.length() < 990_000; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < pairs; b++) {
                name.append((m >> b & 1) == 0 ? "Aa" : "BB");
            }
            text.append(name).append(" = ").append(previous).append(" + 1\n");
            previous = name.toString();
            names++;
        }
        text.append("y = ").append(previous).append('\n');
        System.out.println(names + " names of one String hash, " + text.length() + " characters");
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            compiler.program(text.toString(), List.of("x"), "y", List.of("x"));
            System.out.printf("compile %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }

    private static void variables(int pairs) {
        List<String> variables = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int m = 0; m < 1 << pairs; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < pairs; b++) {
                name.append((m >> b & 1) == 0 ? "Aa" : "BB");
            }
            variables.add(name.toString());
            text.append(m == 0 ? "" : " + ").append(name);
        }
        System.out.println(variables.size() + " variables of one String hash, " + text.length() + " characters");
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            compiler.expression(text.toString(), variables, List.of());
            System.out.printf("compile %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }
}
