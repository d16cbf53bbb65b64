/**
 * Grading: a student's numbers against ours, item by item, with numpy's allclose rule
 * ({@code |got − want| ≤ absolute + relative·|want|}), and where in the backward pass the first
 * mistake is.
 *
 * <p>Works on plain values: expected items are {@code Double}, {@code double[]} or
 * {@code double[][]} by path; submitted items are what JSON gave (numbers, lists, strings, null),
 * so a wrong shape or a non-number is a verdict, never an error. Uses {@code autodiff} for the graph
 * (consumers, backward order); must not use {@code web}, Spring or Jackson.
 */
package dev.adjoint.grading;
