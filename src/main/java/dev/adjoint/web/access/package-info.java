/**
 * Who may call the API and how often, before Spring MVC sees the request: CORS for browser
 * front-ends, optional API keys ({@code X-API-Key}) and optional per-client rate limits. All three
 * apply to {@code /api/**} only, so health checks, metrics scrapes and Swagger UI stay open.
 * Refusals are problem details rendered by the web layer's one error handler. Nothing here knows
 * about expressions or networks.
 */
package dev.adjoint.web.access;
