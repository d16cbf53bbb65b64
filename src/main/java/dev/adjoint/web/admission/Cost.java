package dev.adjoint.web.admission;

/**
 * What a request costs, estimated before it is computed.
 *
 * @param bytes  peak heap it is expected to hold (the admission budget is in bytes, because the
 *               failure it prevents is running out of heap)
 * @param tokens rate-limit tokens it takes (at least 1; a batch takes the sum of its items')
 * @param work   CPU work beyond what its bytes say, in the cost model's units (a training run's
 *               work): heavy work takes the large lane however little heap it needs, so 16 long
 *               trainings of a tiny network do not crowd out Example 1
 */
public record Cost(long bytes, long tokens, long work) {

    public static final Cost NONE = new Cost(0, 0, 0);

    public Cost {
        bytes = Math.max(0, bytes);
        tokens = Math.max(0, tokens);
        work = Math.max(0, work);
    }

    public Cost(long bytes, long tokens) {
        this(bytes, tokens, 0);
    }

    /** Both sums, saturating: a batch of absurd items is one absurd cost, never a negative one. */
    public Cost plus(Cost other) {
        return new Cost(saturatedAdd(bytes, other.bytes), saturatedAdd(tokens, other.tokens), saturatedAdd(work, other.work));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
