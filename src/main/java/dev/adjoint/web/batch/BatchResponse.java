package dev.adjoint.web.batch;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One result per request, in order: the status and body the same request would have had alone. */
@Schema(name = "BatchResponse", description = "One result per request, in order")
public record BatchResponse(
        @Schema(description = "The results, in the order of the requests", requiredMode = REQUIRED) List<Result> results) {

    /** @param body the endpoint's answer, or its problem details */
    @Schema(name = "BatchResult", description = "The status and body the same request would have had alone")
    public record Result(
            @Schema(description = "The HTTP status the request alone would have had", requiredMode = REQUIRED, example = "200") int status,
            @Schema(description = "The endpoint's answer (its 200 schema), or a Problem", requiredMode = REQUIRED, implementation = java.util.Map.class,
                    example = "{\"correct\": true, \"score\": 1, \"checked\": 2, \"matched\": 2, \"results\": []}") Object body) {
    }
}
