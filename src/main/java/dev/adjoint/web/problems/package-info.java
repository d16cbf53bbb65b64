/**
 * Bad input as RFC 9457 problem+json, never a stack trace: the problem types and their URIs
 * ({@link dev.adjoint.web.problems.Problems}), the one handler for controller errors and the mapping
 * of domain exceptions ({@link dev.adjoint.web.problems.ProblemHandler},
 * {@link dev.adjoint.web.problems.ProblemMapper}), a request's field errors ({@link
 * dev.adjoint.web.problems.InvalidRequestException}), and the answers for errors Spring MVC never
 * sees: unknown paths and methods, malformed URLs, slow bodies, Tomcat's own error page.
 */
package dev.adjoint.web.problems;
