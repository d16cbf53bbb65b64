package dev.adjoint.web.admission;

import dev.adjoint.autodiff.Deadline;
import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.web.access.RateLimitCharge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.function.Function;

/**
 * Where every computing request goes through, once its body is parsed and its cost estimated and
 * checked against the limits: charge the client's rate limit by the cost, give the request its
 * deadline, admit it against the budget (or wait, or refuse with 503), run it, release it.
 *
 * <p>Why here and not in a servlet filter: a filter runs before the body is read, so it cannot
 * know the cost; acquiring after parsing but before any large allocation is the first moment
 * the cost is known.
 */
@Component
public class FrontDoor {

    private final AdmissionControl admission;
    private final AdmissionProperties properties;
    private final Counter deadlinesPassed;

    public FrontDoor(AdmissionProperties properties, MeterRegistry registry) {
        this.properties = properties;
        long budget = properties.budget();
        long smallLane = (long) (budget * properties.smallLaneFraction());
        long retryAfter = Math.max(1, (properties.queueWait().toMillis() + 999) / 1000);
        this.admission = new AdmissionControl(budget - smallLane, properties.smallRequestBytes(), smallLane,
                properties.queueLength(), properties.maxLarge(), retryAfter);
        Gauge.builder("adjoint.admission.in.flight", admission, AdmissionControl::bytesInFlight).baseUnit("bytes")
                .description("Estimated heap of the requests admitted and still computing").register(registry);
        Gauge.builder("adjoint.admission.running", admission, AdmissionControl::running)
                .description("Requests admitted and still computing").register(registry);
        Gauge.builder("adjoint.admission.waiting", admission, AdmissionControl::waiting)
                .description("Requests waiting for room in the large lane").register(registry);
        Gauge.builder("adjoint.admission.budget", admission, AdmissionControl::largeBudget).baseUnit("bytes")
                .description("Bytes the large lane admits at once").register(registry);
        for (AdmissionControl.Lane lane : AdmissionControl.Lane.values()) {
            FunctionCounter.builder("adjoint.admission.admitted", admission, a -> a.admitted(lane))
                    .tag("lane", lane.name().toLowerCase()).description("Requests admitted, by lane").register(registry);
        }
        FunctionCounter.builder("adjoint.admission.queued", admission, AdmissionControl::queuedTotal)
                .description("Requests that had to wait for room").register(registry);
        FunctionCounter.builder("adjoint.admission.refused", admission, a -> a.refused(true)).tag("reason", "queue-full")
                .description("Requests refused with 503").register(registry);
        FunctionCounter.builder("adjoint.admission.refused", admission, a -> a.refused(false)).tag("reason", "wait-expired")
                .description("Requests refused with 503").register(registry);
        this.deadlinesPassed = Counter.builder("adjoint.requests.deadline.exceeded")
                .description("Requests stopped at their deadline (503)").register(registry);
    }

    /**
     * Runs {@code work} once {@code cost} is admitted, with a deadline {@code requestTime} from now.
     * Within an HTTP request the ticket is held until the answer has been written (the answer's
     * records are most of a big request's heap, and they live until then); elsewhere until
     * {@code work} returns.
     *
     * @throws AdmissionRefusedException  the server is busy (503)
     * @throws DeadlineExceededException  the work ran past its deadline (503)
     */
    public <T> T run(Cost cost, Function<Ticket, T> work) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Ticket ticket = admit(cost);
        boolean heldByRequest = false;
        try {
            T result = work.apply(ticket);
            if (request != null) {
                request.registerDestructionCallback(Ticket.class.getName(), ticket::close, RequestAttributes.SCOPE_REQUEST);
                heldByRequest = true;
            }
            return result;
        } catch (DeadlineExceededException e) {
            deadlinesPassed.increment();
            throw e;
        } finally {
            if (!heldByRequest) {
                ticket.close();
            }
        }
    }

    /**
     * Admits {@code cost} as {@link #run} does (rate limit, budget, deadline from now) for work that
     * goes on after the handler returns (a streamed answer): the caller owns the ticket and must
     * close it when the work ends, however it ends, and counts a passed deadline with
     * {@link #deadlinePassed}.
     *
     * @throws AdmissionRefusedException the server is busy (503)
     */
    public Ticket admit(Cost cost) {
        chargeRateLimit(cost.tokens());
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(BodyAdmissionFilter.TICKET, RequestAttributes.SCOPE_REQUEST) instanceof Ticket body) {
            body.close(); // the body is parsed: from here on the computation's estimate covers it
        }
        Deadline deadline = Deadline.of(System.nanoTime(), properties.requestTime().toMillis());
        return admission.admit(cost.bytes(), cost.work() > properties.smallRequestWork(), properties.queueWait().toMillis(), deadline);
    }

    /** Counts work stopped at its deadline outside {@link #run} (a streamed answer). */
    public void deadlinePassed() {
        deadlinesPassed.increment();
    }

    /**
     * Charges {@code ticket} {@code bytes} once the work's real size is known: a smaller size gives
     * the difference back; a larger one admits the rest (waiting for room ahead of the queue, or
     * refused with 503), so an estimate made before compiling cannot let a request past the budget.
     */
    public void resize(Ticket ticket, long bytes) {
        long target = Math.min(bytes, admission.largeBudget()); // larger than the lane: runs alone, charged as the lane
        long more = target - ticket.charge();
        if (more <= 0) {
            ticket.shrinkTo(target);
            return;
        }
        ticket.attach(admission.admitMore(more, properties.queueWait().toMillis(), ticket.deadline()));
    }

    /** A request body's share of the budget while it is read and parsed ({@link BodyAdmissionFilter}). */
    Ticket admitBody(long bytes) {
        return admission.admit(bytes, properties.queueWait().toMillis(), Deadline.of(System.nanoTime(), properties.requestTime().toMillis()));
    }

    /** The rate-limit filter took one token before the body was read; a costlier request takes the rest now. */
    private static void chargeRateLimit(long tokens) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (tokens > 1 && attributes != null
                && attributes.getAttribute(RateLimitCharge.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof RateLimitCharge charge) {
            charge.takeMore(tokens - 1);
        }
    }

    AdmissionControl admission() {
        return admission;
    }
}
