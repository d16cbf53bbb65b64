package dev.adjoint.web.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A path whose percent-escapes are not escapes ({@code /api/v1/x;a=%zz}): Tomcat decodes the path
 * but not its {@code ;} parameters, so such a path reaches Spring MVC, whose path parser throws
 * before any handler runs. Answer it here, first, as a 400 problem, before anything parses it
 * (Spring's own exception resolvers parse the path too, so the problem is written here directly).
 */
public class MalformedUrlFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    public MalformedUrlFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        int bad = badEscape(uri);
        if (bad < 0) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.BASE + "malformed-url");
        problem.put("title", "The request's URL is malformed");
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        problem.put("detail", "the path has '%' at character " + bad + " without two hex digits after it; write a literal % as %25");
        problem.put("instance", Problems.instance(uri).toString());
        problem.put("position", bad);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** The index of the first '%' not followed by two hex digits, or -1. */
    static int badEscape(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                return i;
            }
        }
        return -1;
    }
}
