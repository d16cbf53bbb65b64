package dev.adjoint.web.batch;

import java.util.List;

/** One result per request, in order: the status and body the same request would have had alone. */
public record BatchResponse(List<Result> results) {

    /** @param body the endpoint's answer, or its problem details */
    public record Result(int status, Object body) {
    }
}
