package dev.adjoint.web.platform;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Spring's request timer ({@link ServerHttpObservationFilter} with Micrometer's
 * {@code DefaultMeterObservationHandler}) without an {@code Observation} per request: the same
 * {@code http.server.requests} timer and {@code http.server.requests.active} long-task timer, with
 * the same tags, recorded at the same moments, but each meter looked up once per distinct tag set
 * and kept, instead of building an observation, its convention's key values twice, two tag lists and
 * two registry lookups for every request (about 11 % of a small request's CPU, BENCHMARKS.md).
 *
 * <p>What stays Spring's: the {@link ServerRequestObservationContext} is created and published as
 * {@link #CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE}, so the handler mappings set its path pattern as
 * before, and the tags of a new meter are the convention's own key values for that context (so the
 * {@code uri} rules, {@code NOT_FOUND}, {@code REDIRECTION}, {@code UNKNOWN}, {@code root}, the
 * outcome and the exception names are Spring's, not copies). The meter is keyed by everything the
 * default convention reads: the method (a standard one, else all others alike: {@code UNKNOWN}),
 * the status, the path pattern and the error's class. The control flow (errors, the 500 on an
 * exception, the error attribute, async requests stopped by a listener, twice on a timeout as
 * Spring's listener does) is {@link ServerHttpObservationFilter}'s.
 *
 * <p>What is not kept: the observation scope (the thread's current observation) and the contextual
 * name and {@code http.url} key value, which only tracing reads. {@link RequestMetricsConfiguration}
 * uses this filter only when nothing else consumes observations (the metrics handler is the only
 * observation handler, no observation filters, predicates or customizers, no custom convention);
 * otherwise, or with {@code adjoint.metrics.request-timer=observation}, Spring's filter as Boot
 * configures it. {@code RequestTimerFilterTest} drives the same requests through both and compares the
 * scraped meters.
 */
final class RequestTimerFilter extends ServerHttpObservationFilter {

    /** Distinct meters kept per kind; past this (a misconfigured app with unbounded patterns) they are looked up as Spring does. */
    static final int MAX_CACHED = 1024;

    private static final String TIMING = RequestTimerFilter.class.getName() + ".timing";

    /** The convention's own test for a known method (DefaultServerRequestObservationConvention.HTTP_METHODS). */
    private static final Set<String> METHODS = Stream.of(HttpMethod.values()).map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final ServerRequestObservationConvention convention;
    private final String name;
    private final boolean longTaskTimer;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, LongTaskTimer> activeTimers = new ConcurrentHashMap<>();

    RequestTimerFilter(ObservationRegistry observations, MeterRegistry registry, ServerRequestObservationConvention convention, boolean longTaskTimer) {
        super(observations, convention);
        this.registry = registry;
        this.convention = convention;
        this.name = convention.getName();
        this.longTaskTimer = longTaskTimer;
        this.clock = registry.config().clock();
    }

    /**
     * What the default convention reads of a context: the meter's tags are a function of these. A
     * plain class, not a record: a record's generated hashCode and equals showed in the profile.
     */
    private static final class Key {
        private final String method;
        private final int status;
        private final String pattern;
        private final Class<?> error;
        private final int hash;

        Key(String method, int status, String pattern, Class<?> error) {
            this.method = method;
            this.status = status;
            this.pattern = pattern;
            this.error = error;
            this.hash = ((Objects.hashCode(method) * 31 + status) * 31 + Objects.hashCode(pattern)) * 31 + Objects.hashCode(error);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && status == k.status && error == k.error
                    && Objects.equals(method, k.method) && Objects.equals(pattern, k.pattern);
        }
    }

    /** One request's timing, kept across its dispatches. */
    private static final class Timing {
        final ServerRequestObservationContext context;
        LongTaskTimer.Sample active;
        long start;

        Timing(ServerRequestObservationContext context) {
            this.context = context;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
            throws ServletException, IOException {
        Timing timing = (Timing) request.getAttribute(TIMING);
        if (timing == null) {
            timing = start(request, response);
        }
        try {
            filterChain.doFilter(request, response);
        } catch (Exception ex) {
            timing.context.setError(unwrap(ex));
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
            throw ex;
        } finally {
            if (request.isAsyncStarted() && request.getDispatcherType() == DispatcherType.REQUEST) {
                request.getAsyncContext().addListener(new Listener(timing));
            } else if (!isAsyncDispatch(request)) {
                Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
                if (error != null) {
                    timing.context.setError(error);
                }
                stop(timing);
            }
        }
    }

    private Timing start(HttpServletRequest request, HttpServletResponse response) {
        ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
        context.setName(name);
        Timing timing = new Timing(context);
        if (longTaskTimer) {
            timing.active = activeTimer(context).start();
        }
        timing.start = clock.monotonicTime();
        request.setAttribute(TIMING, timing);
        request.setAttribute(CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        return timing;
    }

    private void stop(Timing timing) {
        timer(timing.context).record(clock.monotonicTime() - timing.start, TimeUnit.NANOSECONDS);
        if (timing.active != null) {
            timing.active.stop();
        }
    }

    private static Key key(ServerRequestObservationContext context) {
        String method = context.getCarrier().getMethod();
        Throwable error = context.getError();
        return new Key(METHODS.contains(method) ? method : null, context.getResponse().getStatus(), context.getPathPattern(),
                error == null ? null : error.getClass());
    }

    private LongTaskTimer activeTimer(ServerRequestObservationContext context) {
        Key key = key(context);
        LongTaskTimer timer = activeTimers.get(key);
        if (timer == null) {
            timer = registry.more().longTaskTimer(name + ".active", tags(context));
            if (activeTimers.size() < MAX_CACHED) {
                activeTimers.putIfAbsent(key, timer);
            }
        }
        return timer;
    }

    private Timer timer(ServerRequestObservationContext context) {
        Key key = key(context);
        Timer timer = timers.get(key);
        if (timer == null) {
            List<Tag> tags = tags(context);
            Throwable error = context.getError();
            tags.add(Tag.of("error", error != null ? error.getClass().getSimpleName() : KeyValue.NONE_VALUE));
            timer = registry.timer(name, tags);
            if (timers.size() < MAX_CACHED) {
                timers.putIfAbsent(key, timer);
            }
        }
        return timer;
    }

    /** The convention's low-cardinality key values as tags, as the metrics handler makes them. */
    private List<Tag> tags(ServerRequestObservationContext context) {
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : convention.getLowCardinalityKeyValues(context)) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        return tags;
    }

    private static Throwable unwrap(Throwable ex) {
        if (ex instanceof ServletException && ex.getCause() != null) {
            return ex.getCause();
        }
        return ex;
    }

    /** Spring's async listener, on a timing. */
    private final class Listener implements AsyncListener {
        private final Timing timing;

        Listener(Timing timing) {
            this.timing = timing;
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            stop(timing);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            stop(timing);
        }

        @Override
        public void onError(AsyncEvent event) {
            timing.context.setError(unwrap(event.getThrowable()));
        }
    }
}
