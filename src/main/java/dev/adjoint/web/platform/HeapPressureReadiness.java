package dev.adjoint.web.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Readiness goes down before the heap runs out. An OutOfMemoryError exits the JVM at once
 * ({@code -XX:+ExitOnOutOfMemoryError} in the run command and the image): a JVM that survives one
 * may have lost any thread, Tomcat's poller included, and stay up but deaf. Nothing can run
 * between the error and the exit, so the warning comes earlier: while the heap is still more than
 * {@code adjoint.memory.refuse-above} full after a garbage collection (what it holds live), readiness
 * is REFUSING_TRAFFIC, so balancers and Kubernetes send new work elsewhere while the work in
 * flight finishes; below {@code adjoint.memory.accept-below} it is ACCEPTING_TRAFFIC again.
 * Checked once a second from the pools' after-collection usage (no allocation, no GC of its own).
 */
@Component
class HeapPressureReadiness implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeapPressureReadiness.class);

    private final ApplicationEventPublisher events;
    private final double refuseAbove;
    private final double acceptBelow;
    private final List<MemoryPoolMXBean> heapPools;
    private ScheduledExecutorService checker;
    private volatile boolean refusing;

    HeapPressureReadiness(ApplicationEventPublisher events, @Value("${adjoint.memory.refuse-above:0.9}") double refuseAbove,
                          @Value("${adjoint.memory.accept-below:0.75}") double acceptBelow) {
        if (!(acceptBelow > 0 && acceptBelow <= refuseAbove && refuseAbove <= 1)) {
            throw new IllegalArgumentException("need 0 < adjoint.memory.accept-below <= adjoint.memory.refuse-above <= 1");
        }
        this.events = events;
        this.refuseAbove = refuseAbove;
        this.acceptBelow = acceptBelow;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
    }

    /**
     * One reading: the heap's live bytes (after the last collection of each pool) against its
     * maximum; publishes a readiness change when it crosses a threshold. Returns whether readiness
     * is refusing now.
     */
    boolean check(long usedAfterCollection, long max) {
        if (max <= 0) {
            return refusing;
        }
        double full = (double) usedAfterCollection / max;
        if (!refusing && full > refuseAbove) {
            refusing = true;
            log.warn("heap {}% full after garbage collection: readiness REFUSING_TRAFFIC until below {}%",
                    Math.round(100 * full), Math.round(100 * acceptBelow));
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        } else if (refusing && full < acceptBelow) {
            refusing = false;
            log.info("heap {}% full after garbage collection: readiness ACCEPTING_TRAFFIC", Math.round(100 * full));
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        return refusing;
    }

    private void checkHeap() {
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            MemoryUsage now = pool.getUsage();
            if (afterGc != null) {
                used += afterGc.getUsed();
            }
            if (now != null) {
                max += now.getMax() > 0 ? now.getMax() : 0;
            }
        }
        long heapMax = Runtime.getRuntime().maxMemory(); // pools' maxima can be undefined or overlap (G1)
        check(used, heapMax > 0 && heapMax != Long.MAX_VALUE ? heapMax : max);
    }

    @Override
    public synchronized void start() {
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-pressure");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::checkHeap, 1, 1, TimeUnit.SECONDS);
    }

    /** Shutting down: Spring Boot has set readiness to REFUSING_TRAFFIC for good; never turn it back. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        stop();
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }
}
