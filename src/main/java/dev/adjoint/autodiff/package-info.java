/**
 * The reverse-mode autodiff core: {@link dev.adjoint.autodiff.Graph} (a flat array of nodes in
 * evaluation order), the op table {@link dev.adjoint.autodiff.Op} (each op's value, partials and
 * printed form together), the sweeps ({@link dev.adjoint.autodiff.Evaluation}) and the trace read
 * off a finished evaluation ({@link dev.adjoint.autodiff.Trace}).
 *
 * <p>It imports nothing of ours and nothing of Spring, Jackson or HTTP: the expression and network
 * front doors build graphs here, and the web layer reads traces.
 */
package dev.adjoint.autodiff;
