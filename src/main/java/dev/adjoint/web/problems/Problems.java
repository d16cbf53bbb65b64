package dev.adjoint.web.problems;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * Problem types (RFC 9457): a stable identifier per kind of problem, a title for people. The
 * {@code type} URIs are identifiers; clients switch on them (or on the last path segment).
 */
public enum Problems {
    SYNTAX_ERROR("syntax-error", "The expression does not parse"),
    INVALID_REQUEST("invalid-request", "Missing or conflicting fields"),
    MALFORMED_URL("malformed-url", "The request's URL is malformed"),
    MALFORMED_BODY("malformed-body", "The request body is not the JSON this endpoint reads"),
    NOT_COMPUTABLE("not-computable", "The request cannot be computed"),
    LIMIT_EXCEEDED("limit-exceeded", "The request is over a configured limit"),
    BODY_TIMEOUT("body-timeout", "The request body did not arrive in time"),
    UNAUTHORIZED("unauthorized", "A valid API key is required"),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests"),
    OVERLOADED("overloaded", "The server is busy"),
    DEADLINE_EXCEEDED("deadline-exceeded", "The computation took too long"),
    INTERNAL_ERROR("internal-error", "Internal error");

    public static final String BASE = "https://adjoint.dev/problems/";

    private final URI type;
    private final String title;

    Problems(String slug, String title) {
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    /**
     * The request's path as a problem's {@code instance}, whatever the client sent: a path that is
     * not a valid URI reference (a bad escape {@code %zz}, a space, a raw non-ASCII character) has
     * the offending characters percent-encoded (a lone {@code %} becomes {@code %25}), so building
     * the problem never fails on the very input it reports.
     */
    public static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            StringBuilder safe = new StringBuilder(path.length() + 16);
            byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
                if (escape || b < 0x80 && PATH_CHARS.indexOf(b) >= 0) {
                    safe.append((char) b);
                } else {
                    safe.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            return URI.create(safe.toString());
        }
    }

    /** RFC 3986 pchar and '/', without '%' (escapes are checked on their own). */
    private static final String PATH_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    public ProblemDetail detail(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
