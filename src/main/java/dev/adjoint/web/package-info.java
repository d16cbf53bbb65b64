/**
 * HTTP: controllers, request and response records, the one problem+json error handler, limits and
 * the OpenAPI description. Thin by design: read the request, call a capability's front door
 * ({@code expression.ExpressionGradients}, {@code network.NetworkGradients}, {@code grading.Grader}),
 * shape the answer. Nothing here computes a derivative. Of {@code autodiff} this package sees only the
 * public surface (tensors, warnings, the trace, the deadline, the exceptions; the list is
 * {@code ArchitectureTest.AUTODIFF_SURFACE}), never how graphs are built or swept.
 */
package dev.adjoint.web;
