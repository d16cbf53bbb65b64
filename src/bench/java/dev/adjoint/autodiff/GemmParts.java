package dev.adjoint.autodiff;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
/** The large step's five OpenBLAS products alone, and the copies into and out of native buffers around them (BENCHMARKS.md, "Issue 16, third pass"). */
public class GemmParts {
    public static void main(String[] x) {
        int[][] shapes = {{128,784,1024,0,0},{128,1024,1024,0,0},{1024,128,1024,1,0},{128,1024,1024,0,1},{784,128,1024,1,0}};
        java.util.Random r = new java.util.Random(1);
        for (int round = 0; round < 6; round++) {
            double tot = 0, totCopy = 0, totAlloc = 0;
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                double[] a = new double[m*k], b = new double[k*n];
                for (int i = 0; i < a.length; i++) a[i] = r.nextDouble();
                for (int i = 0; i < b.length; i++) b[i] = r.nextDouble();
                DoublePointer pa = new DoublePointer(a.length), pb = new DoublePointer(b.length), pc = new DoublePointer((long) m*n);
                long t0 = System.nanoTime();
                int reps = 10;
                for (int i = 0; i < reps; i++) { pa.position(0).put(a, 0, a.length); pb.position(0).put(b, 0, b.length); }
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) openblas.cblas_dgemm(openblas.CblasRowMajor, s[3]==1?openblas.CblasTrans:openblas.CblasNoTrans, s[4]==1?openblas.CblasTrans:openblas.CblasNoTrans, m, n, k, 1.0, pa, s[3]==1?m:k, pb, s[4]==1?k:n, 0.0, pc, n);
                long t2 = System.nanoTime();
                double[] c = null;
                for (int i = 0; i < reps; i++) { c = new double[m*n]; }
                long t3 = System.nanoTime();
                for (int i = 0; i < reps; i++) { c = new double[m*n]; pc.position(0).get(c, 0, c.length); }
                long t4 = System.nanoTime();
                double g = 2.0*m*n*k/((t2-t1)/(double)reps);
                if (round >= 3) System.out.printf("%dx%dx%d t%d%d: copy in %.3f ms, dgemm %.3f ms (%.1f GFLOP/s), alloc C %.3f ms, alloc+copy out %.3f ms%n", m,k,n,s[3],s[4], (t1-t0)/1e6/reps, (t2-t1)/1e6/reps, g, (t3-t2)/1e6/reps, (t4-t3)/1e6/reps);
                tot += (t2-t1)/1e6/reps; totCopy += (t1-t0)/1e6/reps + (t4-t3)/1e6/reps;
                pa.close(); pb.close(); pc.close(); if (c[0] == 42) System.out.println();
            }
            if (round >= 3) System.out.printf("total dgemm %.3f ms, copies+alloc %.3f ms%n", tot, totCopy);
        }
    }
}
