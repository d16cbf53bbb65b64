/**
 * HTTP for higher order and forward mode (API.md section 6): Jacobians, Hessians and
 * Hessian-vector products, Jacobian-vector products, and derivative formulas. Thin: each endpoint
 * reads the same body as {@code /expressions/gradient} plus its own field, calls
 * {@link dev.adjoint.expression.HigherOrder} and shapes the answer. Errors, limits and warnings are
 * the gradient endpoint's; every endpoint is also a batch route.
 */
package dev.adjoint.web.higher;
