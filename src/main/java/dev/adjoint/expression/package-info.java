/**
 * Text to graph: the expression language of API.md section 3 and its program form.
 *
 * <p>{@link dev.adjoint.expression.ExpressionCompiler} is the entry point for text;
 * {@link dev.adjoint.expression.ExpressionGradients} is the front door for a compiled text's values,
 * gradients, trace and finite-difference check. The parser is an
 * operator-precedence (shunting-yard) loop with explicit stacks, so nesting depth costs heap, not
 * call stack; the depth limit is a configured number, not a guard against StackOverflowError.
 *
 * <p><b>Node naming.</b> Variables keep their names, constants are named by their literal
 * ({@code 2}, {@code 0.5}, {@code pi}, {@code e}), and in a program each assigned name is its
 * node. Every other operation node is named {@code t1, t2, ...} in evaluation order, skipping any
 * {@code t<n>} that is already a variable or an assigned name. Same text and bindings, same names.
 *
 * <p>Uses {@code autodiff}; must not use {@code web}, Spring or Jackson.
 */
package dev.adjoint.expression;
