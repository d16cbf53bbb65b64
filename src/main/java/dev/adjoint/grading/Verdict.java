package dev.adjoint.grading;

import java.util.Locale;

/** How one submitted item compares; everything but CORRECT and EQUIVALENT counts as wrong. */
public enum Verdict {
    CORRECT,
    /** A formula that agrees with the truth at the bindings and at every sample point. */
    EQUIVALENT,
    /** A formula that disagrees with the truth at some point (the counterexample). */
    NOT_EQUIVALENT,
    /** A string that does not parse as a formula over the problem's names. */
    NOT_A_FORMULA,
    /** A formula that is not finite (not defined) at a point where the truth is finite. */
    UNDEFINED,
    /** A number (or some elements of an array) outside the tolerance. */
    WRONG,
    /** An array of another shape: a transposed matrix, a missing row. */
    WRONG_SHAPE,
    /** Not a number where one was expected (a string, an object, a list in place of a number). */
    NOT_A_NUMBER,
    /** Submitted as null or empty. */
    MISSING,
    /** A path the answer does not have (a node or variable that does not exist). */
    UNKNOWN;

    public boolean counts() {
        return this == CORRECT || this == EQUIVALENT;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
