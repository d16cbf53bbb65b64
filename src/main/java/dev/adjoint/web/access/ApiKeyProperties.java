package dev.adjoint.web.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * API keys ({@code adjoint.security.*}).
 *
 * @param apiKeys keys accepted in the {@code X-API-Key} header; none configured means the API is
 *                open, as for local and classroom use
 */
@ConfigurationProperties("adjoint.security")
public record ApiKeyProperties(@DefaultValue List<String> apiKeys) {
}
