package dev.adjoint.web;

import java.util.Locale;

/** Reading an HTTP/1.1 answer that a test received as raw bytes over a socket. */
public final class RawHttp {

    private RawHttp() {
    }

    /** The head (status line and headers) of an answer. */
    public static String head(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n"));
    }

    /** The body of an answer, de-chunked if it was sent in chunks. */
    public static String body(String answer) {
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        return head(answer).toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? dechunk(body) : body;
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
