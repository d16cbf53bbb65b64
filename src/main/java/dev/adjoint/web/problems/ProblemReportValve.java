package dev.adjoint.web.problems;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error responses as problem+json instead of its HTML page: the errors it answers
 * before any servlet runs (a path with an encoded slash {@code %2F}, a backslash, a raw non-ASCII
 * character, an unparseable request line), and any error response nothing else wrote a body for.
 * Installed in place of Tomcat's {@link ErrorReportValve} on the host (see {@link dev.adjoint.web.platform.TomcatConfiguration}).
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own valve: nothing for a non-error, for a response with a body already, or twice.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status == 400
                ? "the request line or its URL is malformed: a path may not hold an encoded slash (%2F), a backslash, or"
                + " characters outside ASCII unless percent-encoded as UTF-8"
                : "the server could not answer this request (" + status + " " + title + ")";
        String type = status == 400 ? "\"type\":\"" + Problems.BASE + "malformed-url\"," : "";
        String body = "{" + type + "\"title\":\"" + (status == 400 ? "The request's URL is malformed" : title) + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nothing more to say
        }
    }
}
