/**
 * How a check is answered, shared by {@code /expressions/check} and {@code /networks/check}: the
 * tolerance a request may set, the expected answer's paths a submission is checked against
 * ({@link dev.adjoint.web.grading.SubmissionChecks}), the answer ({@link
 * dev.adjoint.web.grading.CheckResponse}) and the Gradescope and PrairieLearn formats ({@link
 * dev.adjoint.web.grading.PlatformResults}). The grading itself is {@code dev.adjoint.grading}.
 */
package dev.adjoint.web.grading;
