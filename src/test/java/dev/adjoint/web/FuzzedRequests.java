package dev.adjoint.web;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.concurrent.TimeUnit;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The property every fuzz test checks: whatever the body, the service answers with a result (2xx),
 * a problem the client can act on (4xx, as problem+json), or 503 (overloaded, try again), never a
 * 500, and within a bounded time. A 500's exception is rethrown as it was thrown, so the fuzzer
 * reports (and deduplicates) the real stack trace.
 *
 * <p>Time is wall-clock time, so an input over the bound is sent once more before it counts: the
 * first requests of a JVM load and instrument hundreds of classes, and a busy machine pauses any
 * thread, but a slow input is slow twice.
 */
final class FuzzedRequests {

    /** Per-input bound; generous against GC pauses and instrumentation, small against a runaway loop. */
    static final long MAX_MILLIS = Long.getLong("adjoint.fuzz.max-millis", 3000);

    private FuzzedRequests() {
    }

    static MvcResult postAndCheck(MockMvc mvc, String path, byte[] body) throws Exception {
        long millis = 0;
        MvcResult result = null;
        for (int attempt = 0; attempt < 2 && (result == null || millis > MAX_MILLIS); attempt++) {
            long start = System.nanoTime();
            result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            checkStatus(path, result);
        }
        if (millis > MAX_MILLIS) {
            throw new AssertionError(path + " took " + millis + " ms twice (bound " + MAX_MILLIS + " ms) for a " + body.length + "-byte body");
        }
        return result;
    }

    private static void checkStatus(String path, MvcResult result) throws Exception {
        int status = result.getResponse().getStatus();
        if (status >= 500 && status != 503) {
            Exception cause = result.getResolvedException();
            if (cause != null) {
                throw cause;
            }
            throw new AssertionError(path + " answered " + status + ": " + result.getResponse().getContentAsString());
        }
        if (status >= 400) {
            String type = result.getResponse().getContentType();
            if (type == null || !type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
                throw new AssertionError(path + " answered " + status + " as " + type + ", not problem+json");
            }
        }
    }
}
