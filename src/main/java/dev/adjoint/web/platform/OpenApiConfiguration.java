package dev.adjoint.web.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI adjointOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Adjoint")
                .version("v1")
                .description("Reverse-mode gradients of expressions, programs and networks, with every node's value and "
                        + "adjoint and the backward pass as the lecture note writes it. Errors are RFC 9457 problem+json."));
    }
}
