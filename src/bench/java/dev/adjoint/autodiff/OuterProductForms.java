package dev.adjoint.autodiff;

/** Four loop forms of the one-example weight gradient (a 128x64 outer product into a fresh array): CPU time per call, and whether the bits match (BENCHMARKS.md, "Issue 16, third pass"). */
public class OuterProductForms {
    static double[] plain(double[] a, double[] b, int m, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) { double ai = a[i]; int ci = i * n; for (int j = 0; j < n; j++) c[ci + j] = ai * b[j]; }
        return c;
    }
    static double[] flat(double[] a, double[] b, int m, int n) {
        double[] c = new double[m * n];
        // b tiled once per call: 2 rows of b
        for (int i = 0; i + 1 < m; i += 2) { double a0 = a[i], a1 = a[i + 1]; int ci = i * n;
            for (int j = 0; j < n; j++) { c[ci + j] = a0 * b[j]; } for (int j = 0; j < n; j++) { c[ci + n + j] = a1 * b[j]; } }
        if ((m & 1) == 1) { int i = m - 1; double ai = a[i]; int ci = i * n; for (int j = 0; j < n; j++) c[ci + j] = ai * b[j]; }
        return c;
    }
    static double[] unrolled(double[] a, double[] b, int m, int n) {
        double[] c = new double[m * n];
        int n8 = n & ~7;
        for (int i = 0; i < m; i++) { double ai = a[i]; int ci = i * n; int j = 0;
            for (; j < n8; j += 8) { c[ci+j]=ai*b[j]; c[ci+j+1]=ai*b[j+1]; c[ci+j+2]=ai*b[j+2]; c[ci+j+3]=ai*b[j+3]; c[ci+j+4]=ai*b[j+4]; c[ci+j+5]=ai*b[j+5]; c[ci+j+6]=ai*b[j+6]; c[ci+j+7]=ai*b[j+7]; }
            for (; j < n; j++) c[ci + j] = ai * b[j]; }
        return c;
    }
    static double[] columns(double[] a, double[] b, int m, int n) {
        // column-wise: long loop over i? stride n, not vectorizable; instead expand: c row i = ai*b ; do it via copy of b then scale in place over whole array
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) System.arraycopy(b, 0, c, i * n, n);
        for (int i = 0; i < m; i++) { double ai = a[i]; int ci = i * n; for (int j = 0; j < n; j++) c[ci + j] *= ai; }
        return c;
    }
    public static void main(String[] x) {
        int m = 128, n = 64; double[] a = new double[m], b = new double[n];
        java.util.Random r = new java.util.Random(1); for (int i = 0; i < m; i++) a[i] = r.nextGaussian(); for (int j = 0; j < n; j++) b[j] = r.nextGaussian();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ref = plain(a, b, m, n);
        for (int round = 0; round < 8; round++) {
            for (int v = 0; v < 4; v++) {
                long t = mx.getCurrentThreadCpuTime(); double s = 0;
                for (int it = 0; it < 200000; it++) { double[] c = v == 0 ? plain(a,b,m,n) : v == 1 ? flat(a,b,m,n) : v == 2 ? unrolled(a,b,m,n) : columns(a,b,m,n); s += c[it & 8191]; }
                double[] c = v == 0 ? plain(a,b,m,n) : v == 1 ? flat(a,b,m,n) : v == 2 ? unrolled(a,b,m,n) : columns(a,b,m,n);
                if (round >= 5) System.out.printf("v%d %.3f us same=%b %s%n", v, (mx.getCurrentThreadCpuTime() - t) / 1e3 / 200000, java.util.Arrays.equals(c, ref), s > 1e300 ? "" : "");
            }
        }
    }
}
