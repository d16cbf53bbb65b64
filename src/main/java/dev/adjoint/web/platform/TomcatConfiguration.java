package dev.adjoint.web.platform;

import dev.adjoint.web.problems.MalformedUrlFilter;
import dev.adjoint.web.problems.ProblemReportValve;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container's side of "problem+json, never HTML": Tomcat's error page replaced by
 * {@link ProblemReportValve}, and malformed escapes in the path stopped before Spring parses them.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /**
     * Runs after Spring Boot's own customizer (which adds a plain {@link ErrorReportValve} to the
     * host when stack traces are never shown) and swaps every such valve for ours; naming our class
     * as the host's error report valve keeps Tomcat from adding its default one at start.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        for (Valve valve : host.getPipeline().getValves()) {
                            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                                host.getPipeline().removeValve(valve);
                            }
                        }
                        host.setErrorReportValveClass(ProblemReportValve.class.getName());
                        host.getPipeline().addValve(new ProblemReportValve());
                    }
                    context.getPipeline().addValve(new ArrivedBodyValve());
                });
            }
        };
    }

    /**
     * Bodies read without a thread waiting for them: after the malformed-URL check and the access
     * filters (CORS, rate limit, API key, from Ordered.HIGHEST_PRECEDENCE + 10), so a refused
     * request is answered without reading its body; before everything that reads one.
     */
    @Bean
    FilterRegistrationBean<BodyReadingFilter> bodyReadingFilter(JsonMapper json, LimitsProperties limits, BodyProperties body) {
        FilterRegistrationBean<BodyReadingFilter> registration = new FilterRegistrationBean<>(new BodyReadingFilter(json, limits, body));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.setAsyncSupported(true);
        registration.setEnabled(body.nonBlocking());
        return registration;
    }

    /** Before everything but the request metrics, so a malformed path is counted and answered first. */
    @Bean
    FilterRegistrationBean<MalformedUrlFilter> malformedUrlFilter(JsonMapper json) {
        FilterRegistrationBean<MalformedUrlFilter> registration = new FilterRegistrationBean<>(new MalformedUrlFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
