import dev.adjoint.autodiff.SeededHash;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The seeded hash's known weakness, measured (BENCHMARKS.md "Issue 16, seventh pass"): a 128-character Thue-Morse
 * block T and its complement have one {@link SeededHash} for every odd multiplier, so names made of k blocks, each T
 * or its complement, all share one hash. Builds a program of lines {@code h<blocks> = x + 1} up to the 1 MB text
 * limit, prints how many distinct hashes its names have, and times five compiles; with {@code control} the blocks are
 * random letters of the same length instead. Run on a build's classes:
 * {@code java -cp target/classes:$CP scripts/ThueMorseNames.java 10} and {@code ... 10 control}
 */
public class ThueMorseNames {
    public static void main(String[] args) {
        int blocks = Integer.parseInt(args[0]);
        boolean control = args.length > 1 && args[1].equals("control");
        StringBuilder block = new StringBuilder();
        StringBuilder complement = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            boolean odd = Integer.bitCount(i) % 2 == 1;
            block.append(odd ? 'b' : 'a');
            complement.append(odd ? 'a' : 'b');
        }
        System.out.println("block and complement: " + SeededHash.of(block.toString()) + ", " + SeededHash.of(complement.toString()));
        Random random = new Random(1);
        StringBuilder text = new StringBuilder();
        Set<Integer> hashes = new HashSet<>();
        String last = "x";
        int names = 0;
        for (int m = 0; m < 1 << blocks; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < blocks; b++) {
                if (control) {
                    for (int c = 0; c < 128; c++) {
                        name.append((char) ('a' + random.nextInt(2)));
                    }
                } else {
                    name.append((m >> b & 1) == 0 ? block : complement);
                }
            }
            if (text.length() + name.length() + 16 > 999_000) {
                break;
            }
            text.append(name).append(" = x + 1\n");
            last = name.toString();
            hashes.add(SeededHash.of(last));
            names++;
        }
        text.append("y = ").append(last).append('\n');
        System.out.println(names + " names, " + hashes.size() + " distinct hashes, " + text.length() + " characters");
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT);
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            compiler.program(text.toString(), List.of("x"), "y", List.of("x"));
            System.out.printf("compile %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }
}
