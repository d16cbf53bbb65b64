package dev.adjoint.web.expressions;

import dev.adjoint.web.platform.LimitsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Set;

/**
 * {@link GradientRoute}, the last filter; {@code adjoint.web.direct-gradient-route=false} leaves every
 * request to the {@code DispatcherServlet}. It is installed only if the controller's mapping is the
 * one the route assumes (this path, POST, consumes and produces JSON), so a changed mapping cannot
 * be answered by a stale shortcut.
 */
@Configuration(proxyBeanMethods = false)
class GradientRouteConfiguration {

    @Bean
    FilterRegistrationBean<GradientRoute> gradientRoute(ExpressionController controller,
                                                        @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
                                                        ObjectProvider<HandlerExceptionResolver> resolvers,
                                                        JsonMapper json, LimitsProperties limits,
                                                        @Value("${adjoint.web.direct-gradient-route:true}") boolean enabled) throws NoSuchMethodException {
        java.lang.reflect.Method gradient = ExpressionController.class.getDeclaredMethod("gradient", ExpressionRequest.class);
        HandlerMethod handler = null;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            if (e.getValue().getMethod().equals(gradient)
                    && expected(e.getKey())) {
                handler = e.getValue().createWithResolvedBean();
            }
        }
        GradientRoute route = new GradientRoute(controller, handler, resolvers.orderedStream().toList(),
                new ExpressionRequestReader(json, limits.maxBindingElements()), json.writer(), limits.maxBodyBytes());
        FilterRegistrationBean<GradientRoute> registration = new FilterRegistrationBean<>(route);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        registration.setEnabled(enabled && handler != null); // a runtime switch: Spring AOT fixes conditions at build time
        return registration;
    }

    private static boolean expected(RequestMappingInfo info) {
        return info.getPatternValues().equals(Set.of(GradientRoute.PATH))
                && info.getMethodsCondition().getMethods().equals(Set.of(RequestMethod.POST))
                && info.getConsumesCondition().getConsumableMediaTypes().equals(Set.of(MediaType.APPLICATION_JSON))
                && info.getProducesCondition().getProducibleMediaTypes().equals(Set.of(MediaType.APPLICATION_JSON))
                && info.getParamsCondition().isEmpty() && info.getHeadersCondition().isEmpty();
    }
}
