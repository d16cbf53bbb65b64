package dev.adjoint.web;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The property every fuzz test checks: whatever the body, the service answers with a result (2xx),
 * a problem the client can act on (4xx, as problem+json), or 503 (overloaded, try again), never a
 * 500, and within a bounded time. A 500's exception is rethrown as it was thrown, so the fuzzer
 * reports (and deduplicates) the real stack trace.
 *
 * <p>Memory is what the request's thread allocates (the batch endpoint's other threads are not
 * counted). Time is wall-clock time. An input over either bound is sent once more before it counts:
 * the first requests of a JVM load and instrument hundreds of classes, and a busy machine pauses any
 * thread, but a slow or greedy input is slow or greedy twice.
 */
final class FuzzedRequests {

    /** Per-input bound; generous against GC pauses and instrumentation, small against a runaway loop. */
    static final long MAX_MILLIS = Long.getLong("adjoint.fuzz.max-millis", 3000);

    /** Per-input bound on the bytes the request's thread allocates: a 2 000-node trace takes a few MB. */
    static final long MAX_BYTES = Long.getLong("adjoint.fuzz.max-bytes", 256L << 20);

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzedRequests() {
    }

    static MvcResult postAndCheck(MockMvc mvc, String path, byte[] body) throws Exception {
        long millis = 0;
        long bytes = 0;
        MvcResult result = null;
        for (int attempt = 0; attempt < 2 && (result == null || millis > MAX_MILLIS || bytes > MAX_BYTES); attempt++) {
            long start = System.nanoTime();
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
            bytes = THREADS.getCurrentThreadAllocatedBytes() - allocated;
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            checkStatus(path, result);
        }
        if (millis > MAX_MILLIS) {
            throw new AssertionError(path + " took " + millis + " ms twice (bound " + MAX_MILLIS + " ms) for a " + body.length + "-byte body");
        }
        if (bytes > MAX_BYTES) {
            throw new AssertionError(path + " allocated " + (bytes >> 10) + " KB twice (bound " + (MAX_BYTES >> 10) + " KB) for a "
                    + body.length + "-byte body");
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
