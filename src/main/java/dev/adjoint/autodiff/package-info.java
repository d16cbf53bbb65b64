/**
 * The reverse-mode autodiff core: {@link dev.adjoint.autodiff.Graph} (a flat array of nodes in
 * evaluation order), the op table {@link dev.adjoint.autodiff.Op} (each op's value, partials and
 * printed form together), the sweeps ({@link dev.adjoint.autodiff.Evaluation}) and the trace read
 * off a finished evaluation ({@link dev.adjoint.autodiff.Trace}).
 *
 * <p>Values are {@link dev.adjoint.autodiff.Tensor}s of rank 0 to 2. When a front door gives the
 * inputs' shapes, every node's shape is found as it is built (each op's shape rule), so a shape
 * error ({@link dev.adjoint.autodiff.ShapeException}) comes before anything is computed. Op entries
 * state rules; the loops (products through {@code Gemm}, the one {@code reduceTo} of broadcast
 * gradients, reductions, row-wise softmax) are Tensor methods. Scalar expressions keep a fast path in
 * both sweeps that never touches the tensor code.
 *
 * <p>It imports nothing of ours and nothing of Spring, Jackson or HTTP: the expression and network
 * front doors build graphs here, and the web layer reads traces.
 */
package dev.adjoint.autodiff;
