import dev.adjoint.expression.CompiledExpressionCache;
import dev.adjoint.expression.ExpressionCompiler;
import dev.adjoint.expression.Limits;

import java.util.ArrayList;
import java.util.List;

/**
 * Hostile keys for the compile cache (BENCHMARKS.md "Issue 16, seventh pass"): 40 000 one-variable expressions, each a
 * name of 20 pieces, sent through a compiler with the service's 16 MB cache, three times. With {@code collide} every
 * piece is "Aa" or "BB", so all texts (and their keys) share one String hash; with {@code plain} the pieces are "Ab" or
 * "Ac", the same lengths and count with hashes of their own. With {@code names} the text is always {@code x * 2} and
 * the name is bound beside x (an unused binding is allowed), so the keys differ only in their bound names, all of one
 * hash. Prints the wall time of a request averaged over each pass (the
 * compile of a new text or the lookup of a kept one) and what the cache keeps. Run on a build's classes:
 * {@code java -XX:+UseSerialGC -cp target/classes:$CP scripts/CollidingCacheKeys.java collide} (or {@code plain}, {@code names})
 */
public class CollidingCacheKeys {
    public static void main(String[] args) {
        boolean collide = !args[0].equals("plain");
        boolean sameText = args[0].equals("names");
        int texts = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        CompiledExpressionCache cache = new CompiledExpressionCache(16L << 20);
        ExpressionCompiler compiler = new ExpressionCompiler(Limits.DEFAULT, cache);
        List<String> names = new ArrayList<>();
        for (int m = 0; m < texts; m++) {
            StringBuilder name = new StringBuilder("h");
            for (int b = 0; b < 20; b++) {
                boolean one = (m >> b & 1) == 1;
                name.append(collide ? (one ? "BB" : "Aa") : (one ? "Ac" : "Ab"));
            }
            names.add(name.toString());
        }
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (String name : names) {
                if (sameText) {
                    compiler.expression("x * 2", List.of("x", name), List.of("x"));
                } else {
                    compiler.expression(name, List.of(name), List.of());
                }
            }
            long took = System.nanoTime() - start;
            cache.cleanUp();
            System.out.printf("%s: %d texts, %.2f µs a request (%d kept, %d bytes)%n",
                    args[0], texts, took / 1e3 / texts, cache.size(), cache.bytes());
        }
    }
}
