package dev.adjoint.network;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An A/B of {@link NetworkStepBenchmark#gradientStep} between two builds in one JVM, for a machine shared with
 * other work: each build's classes get their own class loader (so their own JIT compilations), and the builds
 * take turns round by round (the order flipped every round), each round timed in the thread's CPU time. Prints
 * each side's best and median per step and in how many rounds A was faster; running it with the same classes on
 * both sides is the control.
 *
 * <p>Arguments: shape (as NetworkStepBenchmark's), rounds, steps per round, A's classes, B's classes (each
 * "test-classes:classes"), the shared dependency class path.
 */
public final class TwoBuildsCpuTime {

    private TwoBuildsCpuTime() {
    }

    public static void main(String[] args) throws Throwable {
        String shape = args[0];
        int rounds = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        MethodHandle[] step = {load(shape, args[3], args[5]), load(shape, args[4], args[5])};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] perStep = new double[2][rounds];
        int hash = 0;
        for (int round = 0; round < rounds + 4; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int side = (round & 1) == 0 ? turn : 1 - turn;
                long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    hash += System.identityHashCode((Object) step[side].invokeExact());
                }
                if (round >= 4) { // four warm-up rounds each
                    perStep[side][round - 4] = (mx.getCurrentThreadCpuTime() - start) / 1e3 / calls;
                }
            }
        }
        int aFaster = 0;
        for (int i = 0; i < rounds; i++) {
            aFaster += perStep[0][i] < perStep[1][i] ? 1 : 0;
        }
        for (int side = 0; side < 2; side++) {
            double[] sorted = perStep[side].clone();
            Arrays.sort(sorted);
            System.out.printf("%s %s: best %.3f median %.3f us of CPU time per step%n", side == 0 ? "A" : "B", shape, sorted[0], sorted[rounds / 2]);
        }
        System.out.printf("A faster than B in %d of %d paired rounds (%d)%n", aFaster, rounds, hash & 1);
    }

    private static MethodHandle load(String shape, String classes, String dependencies) throws Throwable {
        List<URL> urls = new ArrayList<>();
        for (String entry : (classes + ":" + dependencies).split(":")) {
            if (!entry.isEmpty()) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class<?> benchmark = Class.forName("dev.adjoint.network.NetworkStepBenchmark", true, loader);
        Object instance = benchmark.getConstructor().newInstance();
        benchmark.getField("shape").set(instance, shape);
        benchmark.getMethod("setUp").invoke(instance);
        Class<?> evaluation = Class.forName("dev.adjoint.autodiff.Evaluation", false, loader);
        return MethodHandles.publicLookup().findVirtual(benchmark, "gradientStep", MethodType.methodType(evaluation))
                .bindTo(instance).asType(MethodType.methodType(Object.class));
    }
}
