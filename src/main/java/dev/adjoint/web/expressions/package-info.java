/**
 * HTTP for expressions and programs (API.md sections 2-4): {@code /expressions/gradient},
 * {@code /check}, {@code /graph} and {@code /instances}. The request records ({@link
 * dev.adjoint.web.expressions.ExpressionRequest}, {@link dev.adjoint.web.expressions.Binding} for a
 * number, vector or matrix binding), the answer ({@link dev.adjoint.web.expressions.GradientResponse}
 * with its nodes and backward terms, {@link dev.adjoint.web.expressions.TensorJson}, the verification
 * view; {@link dev.adjoint.web.expressions.GradientResponseWriter} prints it field by field, the
 * same bytes as Jackson's record serializer) and the pictures of a trace ({@link dev.adjoint.web.expressions.GraphPictures}, also used for
 * networks). {@code web.higher} and {@code web.networks} reuse the request and answer records.
 */
package dev.adjoint.web.expressions;
