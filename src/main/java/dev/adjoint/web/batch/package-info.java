/**
 * {@code /batch}: many requests in one body, each answered as if sent alone. Controllers offer their
 * endpoints as {@link dev.adjoint.web.batch.BatchRoute}s through {@link
 * dev.adjoint.web.batch.BatchRoutes}, so this package depends on no controller. The usual envelope
 * is read in one pass ({@link dev.adjoint.web.batch.BatchEnvelope}); any other goes through Jackson,
 * so its problems are the same as ever.
 */
package dev.adjoint.web.batch;
