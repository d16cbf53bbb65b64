/**
 * Admission control: how much work the server takes on at once. Each request's {@link
 * dev.adjoint.web.admission.Cost} (estimated by the web layer from the parsed request, before any
 * large allocation) is admitted while the sum of admitted costs fits a budget derived from the
 * heap; over it, a short bounded queue in arrival order, then 503 with {@code Retry-After}. Small
 * requests have a lane of their own, so they get through while big ones wait. The {@link
 * dev.adjoint.web.admission.FrontDoor} also gives each request its deadline and charges the
 * client's rate limit by cost. Nothing here knows about expressions or networks.
 */
package dev.adjoint.web.admission;
