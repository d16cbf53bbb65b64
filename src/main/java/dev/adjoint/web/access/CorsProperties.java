package dev.adjoint.web.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Cross-origin calls from browser front-ends ({@code adjoint.cors.*}).
 *
 * @param allowedOrigins origin patterns allowed to call {@code /api/**} ({@code https://*.example.org},
 *                       {@code http://localhost:[*]} for any port); empty allows no other origin
 */
@ConfigurationProperties("adjoint.cors")
public record CorsProperties(
        @DefaultValue({"http://localhost:[*]", "http://127.0.0.1:[*]"}) List<String> allowedOrigins) {
}
