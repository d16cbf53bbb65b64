package dev.adjoint.autodiff;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

import java.lang.management.ManagementFactory;

/**
 * The CPU an otherwise idle process burns after one OpenBLAS product: one 512³ {@code cblas_dgemm}, then 300 ms
 * of sleep, and the process's CPU time over the sleep, six times (BENCHMARKS.md, "Issue 16, fifth pass"). Run it
 * with and without {@code OPENBLAS_THREAD_TIMEOUT=4} in the environment.
 */
public final class OpenBlasIdle {

    private OpenBlasIdle() {
    }

    public static void main(String[] args) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = 512;
        try (DoublePointer a = new DoublePointer((long) n * n); DoublePointer b = new DoublePointer((long) n * n);
                DoublePointer c = new DoublePointer((long) n * n)) {
            for (int round = 0; round < 6; round++) {
                openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, n, n,
                        1.0, a, n, b, n, 0.0, c, n);
                long before = os.getProcessCpuTime();
                Thread.sleep(300);
                System.out.printf("process CPU during 300 ms of sleep after one 512^3 dgemm: %.1f ms%n",
                        (os.getProcessCpuTime() - before) / 1e6);
            }
        }
    }
}
