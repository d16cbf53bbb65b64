package dev.adjoint.web.admission;

import dev.adjoint.autodiff.Deadline;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits work while the sum of admitted costs fits a budget, in bytes of heap.
 *
 * <ul>
 *   <li><b>Two lanes.</b> A request of at most {@code smallRequest} bytes takes the small lane (its
 *       own {@code smallLane} bytes) when it fits there, and never waits behind a big one: Example 1
 *       keeps being answered while 16 clients send 200 000-node graphs. Everything else takes the
 *       large lane.</li>
 *   <li><b>Large lane: first come, first served.</b> A request is admitted when nobody is waiting
 *       before it, it fits, and fewer than {@code maxLarge} large requests run (about one per core:
 *       big requests are CPU-bound, so more at once finish no sooner and only slow the small
 *       ones); one larger than the whole lane is admitted when the lane is empty (it runs alone:
 *       its size is within every limit, so it must be computable, just not beside others). Otherwise it waits in a queue of at most {@code queueLength}, for at most the wait
 *       it is given; then {@link AdmissionRefusedException} (503 with Retry-After).</li>
 * </ul>
 * Every {@link Ticket} must be closed (try-with-resources), which gives its bytes back and wakes
 * the queue. Plain Java and no clock of its own but the wait, so tests drive it directly.
 */
public final class AdmissionControl {

    public enum Lane { SMALL, LARGE }

    private final long largeBudget;
    private final long smallRequest;
    private final long smallLane;
    private final int queueLength;
    private final int maxLarge;
    private final long retryAfterSeconds;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting requests of the large lane, in arrival order; only the head may be admitted. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long largeInFlight;
    private long smallInFlight;
    private int running;
    private int largeRunning;

    private final AtomicLong admittedSmall = new AtomicLong();
    private final AtomicLong admittedLarge = new AtomicLong();
    private final AtomicLong queuedTotal = new AtomicLong();
    private final AtomicLong refusedQueueFull = new AtomicLong();
    private final AtomicLong refusedWaited = new AtomicLong();

    /**
     * @param largeBudget       bytes the large lane admits at once
     * @param smallRequest      the largest cost that may take the small lane
     * @param smallLane         bytes the small lane admits at once
     * @param queueLength       requests that may wait in the large lane; more are refused at once
     * @param maxLarge          large requests that may run at once
     * @param retryAfterSeconds what a refusal tells the client to wait
     */
    public AdmissionControl(long largeBudget, long smallRequest, long smallLane, int queueLength, int maxLarge, long retryAfterSeconds) {
        this.largeBudget = largeBudget;
        this.smallRequest = smallRequest;
        this.smallLane = smallLane;
        this.queueLength = queueLength;
        this.maxLarge = maxLarge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Admits {@code bytes} of work, waiting at most {@code maxWaitMillis} (and never past
     * {@code deadline}) for room.
     *
     * @throws AdmissionRefusedException when the queue is full or the wait ran out
     */
    public Ticket admit(long bytes, long maxWaitMillis, Deadline deadline) {
        return admit(bytes, false, maxWaitMillis, deadline);
    }

    /**
     * As above; {@code cpuHeavy} work takes the large lane whatever its bytes (a long training run
     * of a tiny network holds little heap but a core for seconds).
     */
    public Ticket admit(long bytes, boolean cpuHeavy, long maxWaitMillis, Deadline deadline) {
        long charge = Math.max(0, bytes);
        lock.lock();
        try {
            if (!cpuHeavy && charge <= smallRequest && smallInFlight + charge <= smallLane) {
                smallInFlight += charge;
                running++;
                admittedSmall.incrementAndGet();
                return new Ticket(this, Lane.SMALL, charge, deadline);
            }
            charge = Math.min(charge, largeBudget); // larger than the lane: runs alone, charged as the whole lane
            if (queue.isEmpty() && fits(charge)) {
                return admitLarge(charge, deadline);
            }
            if (queue.size() >= queueLength) {
                refusedQueueFull.incrementAndGet();
                throw refusal("the server is busy: " + queue.size() + " requests already wait for room", charge);
            }
            Object me = new Object();
            queue.addLast(me);
            queuedTotal.incrementAndGet();
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(0, maxWaitMillis), deadline.remainingMillis()));
            try {
                while (queue.peekFirst() != me || !fits(charge)) {
                    if (waitNanos <= 0) {
                        refusedWaited.incrementAndGet();
                        throw refusal("the server is busy: no room for this request within " + maxWaitMillis + " ms", charge);
                    }
                    waitNanos = changed.awaitNanos(waitNanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refusedWaited.incrementAndGet();
                throw refusal("the server is shutting down", charge);
            } finally {
                queue.remove(me);
                changed.signalAll(); // the next in line may fit now, or may be head now
            }
            return admitLarge(charge, deadline);
        } finally {
            lock.unlock();
        }
    }

    /**
     * More bytes for work already running, whose real size proved larger than its estimate. It
     * waits for room ahead of the queue, not in it: the queue may be waiting for this very work to
     * finish, so queueing behind it would hold both until the wait ran out. At most the large lane
     * in all (a request larger than the lane runs alone, charged as the lane).
     *
     * @throws AdmissionRefusedException when no room came within the wait
     */
    public Ticket admitMore(long bytes, long maxWaitMillis, Deadline deadline) {
        long charge = Math.min(Math.max(0, bytes), largeBudget);
        lock.lock();
        try {
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(0, maxWaitMillis), deadline.remainingMillis()));
            while (largeInFlight + charge > largeBudget) {
                if (waitNanos <= 0) {
                    refusedWaited.incrementAndGet();
                    throw refusal("the server is busy: no room for this request's full size within " + maxWaitMillis + " ms", charge);
                }
                try {
                    waitNanos = changed.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    refusedWaited.incrementAndGet();
                    throw refusal("the server is shutting down", charge);
                }
            }
            largeInFlight += charge;
            return new Ticket(this, Lane.LARGE, charge, deadline, false);
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(long charge) {
        return largeRunning < maxLarge && (largeInFlight == 0 || largeInFlight + charge <= largeBudget);
    }

    private Ticket admitLarge(long charge, Deadline deadline) {
        largeInFlight += charge;
        running++;
        largeRunning++;
        admittedLarge.incrementAndGet();
        return new Ticket(this, Lane.LARGE, charge, deadline);
    }

    private AdmissionRefusedException refusal(String message, long charge) {
        return new AdmissionRefusedException(message + "; retry in " + retryAfterSeconds + " s", largeBudget,
                largeInFlight + charge, retryAfterSeconds);
    }

    /** Gives back {@code bytes} of a ticket's charge (all of it when it closes). */
    void release(Lane lane, long bytes, boolean closing) {
        lock.lock();
        try {
            if (lane == Lane.SMALL) {
                smallInFlight -= bytes;
            } else {
                largeInFlight -= bytes;
            }
            if (closing) {
                running--;
                if (lane == Lane.LARGE) {
                    largeRunning--;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes admitted and not yet released, both lanes. */
    public long bytesInFlight() {
        lock.lock();
        try {
            return largeInFlight + smallInFlight;
        } finally {
            lock.unlock();
        }
    }

    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public long admitted(Lane lane) {
        return lane == Lane.SMALL ? admittedSmall.get() : admittedLarge.get();
    }

    /** Requests that had to wait (whether admitted afterwards or not). */
    public long queuedTotal() {
        return queuedTotal.get();
    }

    /** Refused because the queue was full ({@code true}) or because the wait ran out. */
    public long refused(boolean queueFull) {
        return queueFull ? refusedQueueFull.get() : refusedWaited.get();
    }

    public long largeBudget() {
        return largeBudget;
    }
}
