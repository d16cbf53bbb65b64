package dev.adjoint.web.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.util.List;

import static io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER;

/**
 * The per-request timer ({@code http.server.requests} and its {@code .active} long-task timer):
 * {@link RequestTimerFilter} when the observation registry only feeds those meters, else Spring's
 * {@link ServerHttpObservationFilter}, built as Spring Boot's {@code WebMvcObservationAutoConfiguration}
 * builds it (same convention, order and dispatcher types); either way Boot's own filter bean backs off.
 * {@code adjoint.metrics.request-timer=observation} forces Spring's (for tracing added later, or to compare).
 */
@Configuration(proxyBeanMethods = false)
class RequestMetricsConfiguration {

    /** Boot's observation filter and predicate for management.observations.enable and .key-values (package-private there). */
    private static final String BOOT_PROPERTIES_FILTER = "org.springframework.boot.micrometer.observation.autoconfigure.PropertiesObservationFilterPredicate";

    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> requestTimer(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ServerRequestObservationConvention> customConvention,
            ObjectProvider<ObservationProperties> observationProperties, ObjectProvider<MetricsProperties> metricsProperties,
            ObjectProvider<ObservationHandler<?>> handlers, ObjectProvider<ObservationFilter> filters,
            ObjectProvider<ObservationPredicate> predicates, ObjectProvider<ObservationRegistryCustomizer<?>> customizers,
            @Value("${adjoint.metrics.request-timer:fast}") String mode) {
        ObservationRegistry registry = observations.getIfAvailable();
        if (registry == null) { // no observations at all (Boot would register no timer filter either)
            FilterRegistrationBean<ServerHttpObservationFilter> none = new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
            none.setEnabled(false);
            return none;
        }
        ObservationProperties properties = observationProperties.getIfAvailable(ObservationProperties::new);
        String name = properties.getHttp().getServer().getRequests().getName();
        ServerRequestObservationConvention custom = customConvention.getIfAvailable();
        ServerRequestObservationConvention convention = custom != null ? custom : new DefaultServerRequestObservationConvention(name);
        MeterRegistry meterRegistry = meters.getIfAvailable();
        List<ObservationHandler<?>> allHandlers = handlers.orderedStream().toList();
        boolean onlyMeters = meterRegistry != null && custom == null
                && allHandlers.size() == 1 && allHandlers.get(0).getClass() == DefaultMeterObservationHandler.class
                && filters.orderedStream().allMatch(f -> f.getClass().getName().equals(BOOT_PROPERTIES_FILTER))
                && predicates.orderedStream().allMatch(p -> p.getClass().getName().equals(BOOT_PROPERTIES_FILTER))
                && customizers.orderedStream().findAny().isEmpty()
                && properties.getEnable().isEmpty() && properties.getKeyValues().isEmpty();
        ServerHttpObservationFilter filter;
        if (onlyMeters && !"observation".equals(mode)) {
            MetricsProperties metrics = metricsProperties.getIfAvailable(MetricsProperties::new);
            filter = new RequestTimerFilter(registry, meterRegistry, convention, !metrics.getObservations().getIgnoredMeters().contains(LONG_TASK_TIMER));
        } else {
            filter = new ServerHttpObservationFilter(registry, convention);
        }
        FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}
