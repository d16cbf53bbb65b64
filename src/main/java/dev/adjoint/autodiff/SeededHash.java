package dev.adjoint.autodiff;

import java.util.SplittableRandom;

/**
 * The hash of the compiler's and the graph builder's tables where a request chooses the keys: a
 * polynomial like {@link String#hashCode}'s, but in an odd multiplier drawn when the class loads. With
 * String's fixed 31 a request can choose names that all share one hash ("Aa" and "BB" have one), and
 * each new one would probe past all the others in an open-addressing table: quadratic in the
 * request's size. A caller cannot aim at a multiplier it does not know. Placement only: the tables
 * compare the keys themselves, so nothing they give depends on it. Like 31, it keeps texts that differ
 * in their last character a few apart.
 *
 * <p>Its limit: a 128-character Thue-Morse block and its complement collide for every odd multiplier
 * (arithmetic modulo 2^32), so names of k such blocks give 2^k of one hash. They cost 128 characters a
 * bit of the count: the 1 MB text limit leaves room for about 770 of them, whose first compile took about
 * half again as long as 770 ordinary names of that length, and warm ones about as long (BENCHMARKS.md
 * "Issue 16, seventh pass").
 */
public final class SeededHash {

    /** The multiplier: odd, and never small (bit 16 set). */
    public static final int MULTIPLIER = new SplittableRandom().nextInt() | 0x10001;

    private SeededHash() {
    }

    /** The polynomial over a string's characters ({@code h = MULTIPLIER * h + c}, from 0). */
    public static int of(String s) {
        int h = 0;
        for (int k = 0; k < s.length(); k++) {
            h = MULTIPLIER * h + s.charAt(k);
        }
        return h;
    }
}
