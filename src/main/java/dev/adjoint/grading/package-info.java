/**
 * Grading: a student's answers against ours, item by item, with numpy's allclose rule
 * ({@code |got − want| ≤ absolute + relative·|want|}); formula answers judged by evaluation
 * ({@link dev.adjoint.grading.FormulaAnswers}); where in the backward pass the first mistake is,
 * and which common slip most likely made it ({@link dev.adjoint.grading.MistakeDiagnosis}); and
 * per-student instances of a problem drawn from a seed ({@link dev.adjoint.grading.Instances}).
 *
 * <p>Works on plain values: expected items are {@code Double}, {@code double[]} or
 * {@code double[][]} by path; submitted items are what JSON gave (numbers, lists, strings, null),
 * so a wrong shape, a non-number or a formula that does not parse is a verdict, never an error.
 * Uses {@code autodiff} (graphs, sweeps, the trace) and {@code expression} (to compile formulas);
 * must not use {@code web}, Spring or Jackson.
 */
package dev.adjoint.grading;
