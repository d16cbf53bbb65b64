package dev.adjoint.web.access;

import jakarta.servlet.Filter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.time.Duration;
import java.util.List;

/**
 * The access filters on the API paths, in this order: CORS (so a preflight is answered before
 * anything asks for a key, and refusals still carry CORS headers a browser can read), rate limit
 * (before the key check, so invalid keys are counted too), API key. All run after Spring's request
 * observation filter, so refused calls show in the request metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiKeyProperties.class, RateLimitProperties.class, CorsProperties.class})
class AccessConfiguration {

    /** Servlet mapping of the API: /api and everything below it (the container matches the decoded, normalized path). */
    private static final String API_PATHS = "/api/*";
    private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    ApiKeys apiKeys(ApiKeyProperties properties) {
        return new ApiKeys(properties.apiKeys());
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!cors.allowedOrigins().isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOriginPatterns(cors.allowedOrigins());
            config.setAllowedMethods(List.of("GET", "POST"));
            config.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE, AccessProblems.API_KEY_HEADER));
            config.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER)); // not CORS-safelisted; a client needs it after a 429
            config.setMaxAge(Duration.ofMinutes(30));
            source.registerCorsConfiguration("/api/**", config);
        }
        return registration(new CorsFilter(source), FIRST, true);
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties limits, ApiKeys keys,
                                                            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolvers) {
        return registration(new RateLimitFilter(limits, keys, resolvers), FIRST + 1, limits.enabled());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys,
                                                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolvers) {
        return registration(new ApiKeyFilter(keys, resolvers), FIRST + 2, keys.required());
    }

    /** The X-API-Key scheme in the OpenAPI document, so Swagger UI and generated clients can send a key. */
    @Bean
    OpenApiCustomizer apiKeyDocumentation() {
        return new ApiKeyDocumentation();
    }

    private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int order, boolean enabled) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(API_PATHS);
        registration.setOrder(order);
        registration.setEnabled(enabled);
        return registration;
    }
}
