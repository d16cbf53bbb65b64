/**
 * Layers, a loss and examples to a graph of tensor ops in the one core: per layer
 * {@code u_i = W_iᵀ z_{i-1} (+ b_i)}, {@code z_i = act(u_i)}, then {@code J = loss(z_L, y)}, the
 * mean over a batch. Node ids {@code x, W1, b1, u1, z1, ..., y, J} (the note's z^(0), alpha^(i),
 * u^(i), z^(i)); with a bias, {@code m_i} is the product before the bias is added.
 *
 * <p>The core always works in the note's in_out layout (W is D_in x D_out); a request in
 * PyTorch's out_in layout is transposed once on the way in and its gradients once on the way out.
 *
 * <p>Uses {@code autodiff}; must not use {@code web}, {@code expression}, Spring or Jackson.
 */
package dev.adjoint.network;
