package dev.adjoint.web.admission;

import dev.adjoint.autodiff.Deadline;

/**
 * Admitted work: its charge against the budget and its deadline. Close it when the work is done
 * (try-with-resources), whatever happened; closing twice is harmless.
 */
public final class Ticket implements AutoCloseable {

    private final AdmissionControl owner;
    private final AdmissionControl.Lane lane;
    private final Deadline deadline;
    private final boolean running;
    private long charge;
    private boolean closed;
    /** Admitted later, when the work proved larger than its estimate ({@link FrontDoor#resize}); closed with this one. */
    private Ticket more;

    Ticket(AdmissionControl owner, AdmissionControl.Lane lane, long charge, Deadline deadline) {
        this(owner, lane, charge, deadline, true);
    }

    /** @param running whether this ticket counts as a request running (false for bytes added to one already running) */
    Ticket(AdmissionControl owner, AdmissionControl.Lane lane, long charge, Deadline deadline, boolean running) {
        this.owner = owner;
        this.lane = lane;
        this.charge = charge;
        this.deadline = deadline;
        this.running = running;
    }

    /** Work already admitted as part of a larger request (a batch item): no charge of its own. */
    public static Ticket within(Deadline deadline) {
        return new Ticket(null, AdmissionControl.Lane.SMALL, 0, deadline);
    }

    public Deadline deadline() {
        return deadline;
    }

    public AdmissionControl.Lane lane() {
        return lane;
    }

    /** Bytes charged now, what was admitted later included. */
    public synchronized long charge() {
        return charge + (more == null ? 0 : more.charge());
    }

    synchronized void attach(Ticket extra) {
        if (closed) {
            extra.close();
        } else if (more == null) {
            more = extra;
        } else {
            more.attach(extra);
        }
    }

    /**
     * Lowers the charge once the real size is known (an expression's nodes after compiling, where
     * the estimate came from the text): the difference goes back to the budget at once. Never raises it.
     */
    public synchronized void shrinkTo(long bytes) {
        long target = Math.max(0, bytes);
        if (closed || owner == null || target >= charge) {
            return;
        }
        owner.release(lane, charge - target, false);
        charge = target;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (more != null) {
            more.close();
        }
        if (owner != null) {
            owner.release(lane, charge, running);
        }
    }
}
