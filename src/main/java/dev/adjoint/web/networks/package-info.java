/**
 * HTTP for networks (API.md section 5): {@code /networks/gradient}, {@code /check}, {@code /graph}
 * and {@code /train} (JSON, or Server-Sent Events per epoch). The request records and their reading
 * into a {@code network.Network} ({@link dev.adjoint.web.networks.NetworkRequests}), and the answers,
 * whose nodes and backward terms are shaped as the expression answer's.
 */
package dev.adjoint.web.networks;
