package dev.adjoint.grading;

/**
 * One item to grade.
 *
 * @param expected  our answer: {@code Double}, {@code double[]} or {@code double[][]}; a
 *                  {@code Set<String>} of member names where the submission sent an empty object
 *                  (right if the answer's object is empty too); null if the answer has no such item
 * @param submitted what the student sent, as JSON gave it
 * @param node      the graph node this item is the value or gradient of, or null (a loss, predictions)
 */
public record Check(String path, Object expected, Object submitted, String node, Quantity quantity) {

    /** What a node-bound item is about. */
    public enum Quantity { VALUE, GRADIENT, OTHER }
}
