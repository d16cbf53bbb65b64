/**
 * What every endpoint stands on: the request limits ({@link dev.adjoint.web.platform.LimitsProperties}),
 * the strict JSON reader, reading a body with a size limit and a deadline, Tomcat's settings, the
 * admission cost of each request type ({@link dev.adjoint.web.platform.RequestCosts}), metrics, the
 * heap-pressure readiness, and the OpenAPI description with the examples the controllers show.
 */
package dev.adjoint.web.platform;
