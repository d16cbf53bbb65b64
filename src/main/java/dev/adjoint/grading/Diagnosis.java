package dev.adjoint.grading;

import java.util.Locale;

/**
 * The slip that most likely explains a wrong gradient, read off the true backward terms.
 *
 * @param kind            what kind of slip
 * @param consumer        the consumer whose term is at fault (missing, extra or with a wrong local
 *                        derivative); null when the whole sum is off
 * @param factor          the factor the submission is off by (the whole gradient for
 *                        {@link Kind#SIGN_FLIPPED} and {@link Kind#OFF_BY_FACTOR}, the one local
 *                        derivative for {@link Kind#LOCAL_DERIVATIVE_WRONG}); null where none applies
 * @param localDerivative the right local derivative of the term at fault, printed with node ids
 * @param explanation     one line a student can act on
 */
public record Diagnosis(Kind kind, String consumer, Double factor, String localDerivative, String explanation) {

    public enum Kind {
        /** The whole gradient has the right size and the wrong sign (a factor of -1). */
        SIGN_FLIPPED,
        /** The whole gradient is 2 or 1/2 times the right one. */
        OFF_BY_FACTOR,
        /** One consumer's term is left out of the sum. */
        MISSING_TERM,
        /** One consumer's term is counted twice. */
        EXTRA_TERM,
        /** One term's local derivative is wrong: its sign flipped, halved, inverted, or left out (taken as 1). */
        LOCAL_DERIVATIVE_WRONG;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
