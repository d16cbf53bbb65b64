package dev.adjoint.grading;

import java.util.Locale;

/** How one submitted item compares; everything but CORRECT counts as wrong. */
public enum Verdict {
    CORRECT,
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

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
