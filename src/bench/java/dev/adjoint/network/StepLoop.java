package dev.adjoint.network;

/**
 * NetworkStepBenchmark's gradient step of {@code shape} run for {@code seconds} in one loop, printing the mean
 * wall time of every 100 steps: a long steady run to profile (perf, JFR) or to read the per-product timings
 * of scripts/nativeblas-timing.patch from (BENCHMARKS.md, "Issue 16, fifth pass").
 * Usage: {@code StepLoop [shape] [seconds]}, default 784-1024-1024-10:128 for 20 s.
 */
public final class StepLoop {

    private StepLoop() {
    }

    public static void main(String[] args) {
        NetworkStepBenchmark b = new NetworkStepBenchmark();
        b.shape = args.length > 0 ? args[0] : "784-1024-1024-10:128";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        b.setUp();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        int steps = 0;
        int hash = 0;
        while (System.nanoTime() < end) {
            hash += b.gradientStep().hashCode();
            if (++steps % 100 == 0) {
                long now = System.nanoTime();
                System.out.printf("%.3f ms a step (steps %d-%d)%n", (now - start) / 1e6 / 100, steps - 99, steps);
                start = now;
            }
        }
        System.out.println(steps + " steps (" + (hash & 7) + ")");
    }
}
