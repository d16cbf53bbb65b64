/**
 * {@code /batch}: many requests in one body, each answered as if sent alone. Controllers offer their
 * endpoints as {@link dev.adjoint.web.batch.BatchRoute}s through {@link
 * dev.adjoint.web.batch.BatchRoutes}, so this package depends on no controller.
 */
package dev.adjoint.web.batch;
