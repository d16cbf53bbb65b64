package dev.adjoint.web.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/** Lets an API call through only with a configured key in {@code X-API-Key}; otherwise 401. */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final HandlerExceptionResolver resolvers;

    ApiKeyFilter(ApiKeys keys, HandlerExceptionResolver resolvers) {
        this.keys = keys;
        this.resolvers = resolvers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(AccessProblems.API_KEY_HEADER);
        // A browser's preflight never carries custom headers, so it cannot carry the key.
        if (CorsUtils.isPreFlightRequest(request) || keys.isValid(key)) {
            chain.doFilter(request, response);
        } else {
            AccessProblems.reject(resolvers, request, response, AccessProblems.unauthorized(key != null));
        }
    }
}
