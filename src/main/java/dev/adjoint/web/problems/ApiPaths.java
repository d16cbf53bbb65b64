package dev.adjoint.web.problems;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The API's POST endpoints, read from the registered handler mappings (never a hand-kept list), so
 * a 404 can say which paths exist and which one a mistyped path was probably meant to be.
 */
@Component
class ApiPaths {

    private final RequestMappingHandlerMapping mappings;
    private volatile List<String> posts;

    ApiPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /** Every POST path under /api, sorted. */
    List<String> posts() {
        List<String> known = posts;
        if (known == null) {
            TreeSet<String> paths = new TreeSet<>();
            for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
                if (info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) {
                    for (String p : info.getPatternValues()) {
                        if (p.startsWith("/api/")) {
                            paths.add(p);
                        }
                    }
                }
            }
            known = posts = List.copyOf(paths);
        }
        return known;
    }

    /** The 404 detail for {@code path}: what does not exist, the closest real path if one is close, and the list. */
    String notFound(String path) {
        String nearest = nearest(path);
        return "no endpoint at " + path
                + (nearest != null ? "; did you mean " + nearest + "?" : ".")
                + " The API's endpoints (all POST, JSON bodies): " + String.join(", ", posts());
    }

    /**
     * The known path closest to {@code path}: within a quarter of its length in edits (case and a
     * trailing slash ignored), so {@code /api/v1/expression/gradient} finds
     * {@code /api/v1/expressions/gradient} but {@code /hello} finds nothing.
     */
    String nearest(String path) {
        if (path == null || path.length() > 200) {
            return null;
        }
        String wanted = normalize(path);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : posts()) {
            String c = normalize(candidate);
            if (Math.abs(c.length() - wanted.length()) > c.length() / 4) {
                continue;
            }
            int d = distance(wanted, c);
            if (d <= Math.max(1, c.length() / 4) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String normalize(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
