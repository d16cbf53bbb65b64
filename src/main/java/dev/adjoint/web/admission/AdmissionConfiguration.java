package dev.adjoint.web.admission;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The body admission filter on the API paths: after the access filters (a refused client costs no
 * budget) and before the body is read into memory ({@code BodyReadingFilter}, order + 20), so the
 * bytes a body will take are admitted before they arrive.
 */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    FilterRegistrationBean<BodyAdmissionFilter> bodyAdmissionFilter(FrontDoor frontDoor,
                                                                   @Value("${adjoint.limits.max-body-bytes:16777216}") long maxBodyBytes,
                                                                   @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolvers) {
        FilterRegistrationBean<BodyAdmissionFilter> registration = new FilterRegistrationBean<>(new BodyAdmissionFilter(frontDoor, maxBodyBytes, resolvers));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        registration.setAsyncSupported(true);
        return registration;
    }
}
