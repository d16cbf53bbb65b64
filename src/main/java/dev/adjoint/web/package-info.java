/**
 * HTTP: controllers, request and response records, the one problem+json error handler, limits and
 * the OpenAPI description. Thin by design: read the request, call {@code expression} (and through
 * it {@code autodiff}), shape the answer. Nothing here computes a derivative.
 */
package dev.adjoint.web;
