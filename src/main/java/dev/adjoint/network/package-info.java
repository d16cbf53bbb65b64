/**
 * Layers, a loss and examples to a graph of tensor ops in the one core: per layer
 * {@code u_i = W_iᵀ z_{i-1} (+ b_i)}, {@code z_i = act(u_i)}, then {@code J = loss(z_L, y)}, the
 * mean over a batch. Node ids {@code x, W1, b1, u1, z1, ..., y, J} (the note's z^(0), alpha^(i),
 * u^(i), z^(i)); with a bias, {@code m_i} is the product before the bias is added.
 *
 * <p>The weights stay in the request's layout all the way: the note's in_out (W is D_in x D_out,
 * {@code u1 = W1' @ x}) or PyTorch's out_in (W is D_out x D_in, {@code u1 = W1 @ x}). The graph is
 * written with the product that layout needs ({@link WeightLayout#product}), so nothing is transposed
 * on the way in or out, and every value, gradient and backward term reads as the request wrote it.
 *
 * <p>Uses {@code autodiff}; must not use {@code web}, {@code expression}, Spring or Jackson.
 */
package dev.adjoint.network;
