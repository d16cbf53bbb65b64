package dev.adjoint.web.problems;

import dev.adjoint.autodiff.DeadlineExceededException;
import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.ShapeException;
import dev.adjoint.expression.Diagnostic;
import dev.adjoint.expression.ExpressionSyntaxException;
import dev.adjoint.expression.NotComputableException;
import dev.adjoint.network.NetworkValidationException;
import dev.adjoint.web.admission.AdmissionRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our failures as problem details: used by {@link ProblemHandler} for requests, and by the batch
 * endpoint for each item, so an item's error reads exactly as the same request's would.
 */
public final class ProblemMapper {

    /** The property of a 503 that says when to retry; the handler also sends it as the Retry-After header. */
    static final String RETRY_AFTER = "retryAfterSeconds";

    private ProblemMapper() {
    }

    /** The problem for one of our exceptions; anything else is a bug and maps to null. */
    public static ProblemDetail of(RuntimeException e) {
        if (e instanceof ExpressionSyntaxException s) {
            int more = s.problems().size() - 1;
            ProblemDetail p = Problems.SYNTAX_ERROR.detail(HttpStatus.BAD_REQUEST,
                    s.getMessage() + " (line " + s.line() + ", column " + s.column() + ")"
                            + (more > 0 ? "; and " + more + " more syntax problem" + (more == 1 ? "" : "s") + ", listed in errors" : ""));
            p.setProperty("position", s.position()); // the first problem's, as before errors[] listed them all
            p.setProperty("line", s.line());
            p.setProperty("column", s.column());
            p.setProperty("token", s.token());
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ExpressionSyntaxException.Problem problem : s.problems()) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", "syntax");
                error.put("message", problem.message());
                error.put("position", problem.position());
                error.put("line", problem.line());
                error.put("column", problem.column());
                error.put("token", problem.token());
                errors.add(error);
            }
            p.setProperty("errors", errors);
            return p;
        }
        if (e instanceof NotComputableException n) {
            ProblemDetail p = Problems.NOT_COMPUTABLE.detail(HttpStatus.UNPROCESSABLE_CONTENT, n.getMessage());
            List<Map<String, Object>> errors = new ArrayList<>();
            for (Diagnostic d : n.diagnostics()) {
                Map<String, Object> error = new LinkedHashMap<>();
                putIfPresent(error, "code", d.code());
                putIfPresent(error, "message", d.message());
                putIfPresent(error, "name", d.name());
                putIfPresent(error, "suggestion", d.suggestion());
                putIfPresent(error, "position", d.position());
                putIfPresent(error, "line", d.line());
                putIfPresent(error, "column", d.column());
                putIfPresent(error, "path", d.path());
                errors.add(error);
            }
            p.setProperty("errors", errors);
            return p;
        }
        if (e instanceof ShapeException s) { // the expression front door reports these with positions; this is the backstop
            ProblemDetail p = Problems.NOT_COMPUTABLE.detail(HttpStatus.UNPROCESSABLE_CONTENT, s.getMessage());
            p.setProperty("errors", List.of(Map.of("code", "shape-mismatch", "message", s.getMessage())));
            return p;
        }
        if (e instanceof NetworkValidationException n) {
            ProblemDetail p = Problems.NOT_COMPUTABLE.detail(HttpStatus.UNPROCESSABLE_CONTENT, n.getMessage());
            p.setProperty("errors", n.violations());
            return p;
        }
        if (e instanceof LimitExceededException l) {
            ProblemDetail p = Problems.LIMIT_EXCEEDED.detail(HttpStatus.CONTENT_TOO_LARGE, l.getMessage());
            p.setProperty("name", l.limitName());
            p.setProperty("limit", l.limit());
            p.setProperty("actual", l.actual());
            return p;
        }
        if (e instanceof AdmissionRefusedException a) {
            ProblemDetail p = Problems.OVERLOADED.detail(HttpStatus.SERVICE_UNAVAILABLE, a.getMessage());
            p.setProperty("name", "concurrentWork");
            p.setProperty("limit", a.limit());
            p.setProperty("actual", a.actual());
            p.setProperty(RETRY_AFTER, a.retryAfterSeconds());
            return p;
        }
        if (e instanceof DeadlineExceededException d) {
            ProblemDetail p = Problems.DEADLINE_EXCEEDED.detail(HttpStatus.SERVICE_UNAVAILABLE, d.getMessage()
                    + (d.cancelled() ? "" : "; send a smaller request (fewer epochs, nodes or items)"));
            p.setProperty("name", "requestTime");
            p.setProperty("limit", d.limitMillis());
            p.setProperty("actual", d.elapsedMillis());
            p.setProperty(RETRY_AFTER, 1L);
            return p;
        }
        if (e instanceof InvalidRequestException i) {
            ProblemDetail p = Problems.INVALID_REQUEST.detail(HttpStatus.BAD_REQUEST, i.getMessage());
            p.setProperty("errors", i.errors());
            return p;
        }
        return null;
    }

    /** Bad JSON, a wrong type or an unknown field, with the field's path and the line and column. */
    public static ProblemDetail unreadable(JacksonException jackson) {
        ProblemDetail p = Problems.MALFORMED_BODY.detail(HttpStatus.BAD_REQUEST, "the request body is not valid JSON for this endpoint");
        String field = fieldPath(jackson);
        String message;
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = (field.isEmpty() ? "the body" : field) + " should be " + jsonKindOf(mismatch.getTargetType());
        } else {
            message = syntaxMessage(jackson.getOriginalMessage());
        }
        boolean syntax = !(jackson instanceof MismatchedInputException);
        StringBuilder detail = new StringBuilder(syntax ? "" : message);
        if (!field.isEmpty()) {
            p.setProperty("path", field);
        }
        TokenStreamLocation at = jackson.getLocation();
        if (syntax && (at == null || at.getLineNr() <= 0)) {
            detail.append(message);
        }
        if (at != null && at.getLineNr() > 0) {
            if (syntax) { // "at line 1, column 15: expected a value ..., found 'b'"
                detail.append("at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(": ").append(message);
            } else {
                detail.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
            }
            p.setProperty("line", at.getLineNr());
            p.setProperty("column", at.getColumnNr());
        }
        p.setDetail(detail.toString());
        return p;
    }

    /** What JSON a Java target type is read from, in the client's words: no Java type names leave the process. */
    private static String jsonKindOf(Class<?> type) {
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static final String A_VALUE = "a value (a number, a string in double quotes, true, false, null, a list or an object)";
    private static final java.util.regex.Pattern FOUND_CHARACTER =
            java.util.regex.Pattern.compile("^Unexpected character \\('(.*?)' \\(code \\d+\\)\\)");
    private static final java.util.regex.Pattern FOUND_TOKEN = java.util.regex.Pattern.compile("^Unrecognized token '(.*?)'");
    private static final java.util.regex.Pattern CLOSE_MARKER =
            java.util.regex.Pattern.compile("^Unexpected close marker '(.)': expected '(.)'");

    /**
     * A JSON syntax error in plain words: what was expected there and what was found, never the
     * parser's own terms ("Unexpected character ('b' (code 98))", "VALUE_STRING", "close marker").
     */
    static String syntaxMessage(String original) {
        String first = original == null ? "" : original.lines().findFirst().orElse("");
        if (first.contains("nesting depth")) {
            return "the JSON nests too deeply";
        }
        if (first.contains("Trailing token")) {
            return "the body has more after its JSON value; send one JSON object";
        }
        if (first.startsWith("Unexpected close marker") && first.contains("no open")) {
            return "found a closing bracket with nothing open to close";
        }
        if (first.startsWith("Non-standard token")) {
            return "NaN and Infinity are written as strings in double quotes: \"NaN\", \"Infinity\", \"-Infinity\"";
        }
        if (first.contains("Leading zeroes")) {
            return "a number may not start with 0 (write 1, not 01; 0.5 is fine)";
        }
        if (first.contains("in numeric value") || first.startsWith("Invalid numeric value")) {
            return "this number is not written as JSON writes numbers: digits, an optional '-', '.', and exponent, as in -1.5 or 2e-3";
        }
        java.util.regex.Matcher close = CLOSE_MARKER.matcher(first);
        if (close.find()) {
            return "found '" + close.group(1) + "' where '" + close.group(2) + "' should close the "
                    + (close.group(2).equals("}") ? "object" : "list");
        }
        String found = null;
        java.util.regex.Matcher character = FOUND_CHARACTER.matcher(first);
        java.util.regex.Matcher token = FOUND_TOKEN.matcher(first);
        if (character.find()) {
            found = character.group(1).equals("'") ? "a single quote; strings go in double quotes" : "'" + character.group(1) + "'";
        } else if (token.find()) {
            found = "'" + token.group(1) + "'" + (token.group(1).startsWith("'") ? "; strings go in double quotes" : "");
        }
        String expected = null;
        if (first.contains("Unexpected end-of-input")) {
            if (first.contains("VALUE_STRING") || first.contains("closing quote") || first.contains("name")) {
                return "the body ends inside a string: a string is closed with '\"'";
            }
            return "the body ends too soon: expected "
                    + (first.contains("Object") ? "'}' to close an object" : first.contains("Array") ? "']' to close a list" : A_VALUE);
        }
        if (first.contains("Illegal unquoted character")) {
            return "a control character (such as a raw line break or tab) inside a string must be escaped, as \\n or \\t";
        }
        if (first.contains("expected a valid value") || first.contains("was expecting (JSON String")) {
            expected = A_VALUE;
        } else if (first.contains("double-quote to start field name") || first.contains("double-quote to start property name")) {
            expected = "a field name in double quotes, or '}' to close the object";
        } else if (first.contains("comma to separate Object entries")) {
            expected = "',' between fields or '}' to close the object";
        } else if (first.contains("comma to separate Array entries")) {
            expected = "',' between elements or ']' to close the list";
        } else if (first.contains("colon to separate")) {
            expected = "':' after the field name";
        }
        if (expected != null) {
            return "expected " + expected + (found != null ? ", found " + found : "");
        }
        if (found != null) {
            return "found " + found + " where the JSON does not allow it";
        }
        return "the body is not valid JSON here";
    }

    /** {@code bindings.x}, {@code wrt[1]}: the JSON path of the field at fault. */
    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
    /**
     * A 415 in words a student can act on: {@code curl -d} without {@code -H} sends
     * application/x-www-form-urlencoded, and the framework's "Content-Type '...' is not supported."
     * does not say what to send instead.
     */
    static String unsupportedMediaType(String contentType) {
        String sent = contentType == null || contentType.isBlank() ? "the request has no Content-Type"
                : "the body was sent as Content-Type " + contentType
                        + (contentType.startsWith("application/x-www-form-urlencoded") ? " (what curl -d sends without -H)" : "");
        return sent + "; send the body as JSON with the header Content-Type: application/json";
    }

    /** A 405 that says which method the path takes: "this path takes POST, not GET". */
    static String methodNotAllowed(String method, java.util.Collection<String> allowed) {
        java.util.List<String> methods = allowed == null ? java.util.List.of() : allowed.stream().sorted().toList();
        if (methods.isEmpty()) {
            return method + " is not allowed on this path";
        }
        return "this path takes " + String.join(" or ", methods) + ", not " + method
                + (methods.contains("POST") ? "; send the request body as JSON with POST" : "");
    }
}
