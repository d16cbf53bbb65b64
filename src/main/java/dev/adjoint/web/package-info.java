/**
 * HTTP, arranged by capability so a reader finds an endpoint's whole surface in one folder:
 * {@code expressions} (gradient, check, graph and instances of an expression or program),
 * {@code networks} (gradient, check, graph, train), {@code higher} (Jacobians, Hessians, forward
 * mode), {@code batch} (many requests in one), {@code grading} (how a check is answered: tolerance,
 * submission paths, Gradescope/PrairieLearn formats, shared by the two check endpoints),
 * {@code problems} (the one problem+json error handler), {@code access} and {@code admission} (who
 * may call, how much work is taken on) and {@code platform} (limits, the strict JSON reader, the body
 * filters, Tomcat, request costs, metrics, readiness, the OpenAPI description and its examples).
 * Thin by design: read the request, call a capability's front door
 * ({@code expression.ExpressionGradients}, {@code network.NetworkGradients}, {@code grading.Grader}),
 * shape the answer. Nothing here computes a derivative. Of {@code autodiff} these packages see only
 * the public surface (tensors, warnings, the trace, the deadline, the exceptions; the list is
 * {@code ArchitectureTest.AUTODIFF_SURFACE}), never how graphs are built or swept.
 */
package dev.adjoint.web;
