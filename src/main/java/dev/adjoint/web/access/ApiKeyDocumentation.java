package dev.adjoint.web.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;

/**
 * The API key in the OpenAPI document: an {@code apiKey} scheme in the {@code X-API-Key} header,
 * required by every operation under {@code /api/} (the paths {@link ApiKeyFilter} guards). Swagger UI
 * shows an Authorize button for it and generated clients get a way to send it. The document is the
 * same whether keys are configured or not; the scheme's description says when the key is enforced.
 */
final class ApiKeyDocumentation implements OpenApiCustomizer {

    static final String SCHEME = "ApiKey";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        components.addSecuritySchemes(SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(AccessProblems.API_KEY_HEADER)
                .description("An API key in the " + AccessProblems.API_KEY_HEADER + " header. Enforced only when the server "
                        + "is configured with keys (adjoint.security.api-keys): then a call under /api/ without a valid key "
                        + "is answered 401 problem+json. With no key configured (the default) the API is open and the "
                        + "header is ignored."));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> operation.setSecurity(
                        List.of(new SecurityRequirement().addList(SCHEME))));
            }
        });
    }
}
