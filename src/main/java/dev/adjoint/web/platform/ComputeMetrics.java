package dev.adjoint.web.platform;

import dev.adjoint.network.NetworkResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * How much the service computes, beside the per-endpoint request timers Spring records itself:
 * request counts say how busy it is, nodes say how heavy the requests were. Exported as
 * {@code adjoint_nodes_computed_total} on /actuator/prometheus.
 */
@Component
public class ComputeMetrics {

    private final Counter nodesComputed;

    ComputeMetrics(MeterRegistry registry) {
        this.nodesComputed = Counter.builder("adjoint.nodes.computed")
                .description("Nodes of computation graphs evaluated (forward and backward)")
                .register(registry);
    }

    public void nodesComputed(int nodes) {
        nodesComputed.increment(nodes);
    }

    /** Counts the network's nodes (x, W1, u1, z1, ..., J) and passes the result on. */
    public NetworkResult counted(NetworkResult result) {
        nodesComputed(result.nodes().size());
        return result;
    }
}
