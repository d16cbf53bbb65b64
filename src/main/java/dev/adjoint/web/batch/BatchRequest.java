package dev.adjoint.web.batch;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Many requests in one call, each to one of the API's POST endpoints. */
@Schema(name = "BatchRequest", description = "Requests to answer in order; one bad item never fails the rest")
public record BatchRequest(
        @Schema(description = "The requests, each to one of the API's POST endpoints", requiredMode = REQUIRED) List<Item> requests) {

    /**
     * @param path an endpoint, e.g. {@code /api/v1/expressions/check} (or without the {@code /api/v1} prefix)
     * @param body that endpoint's request body
     */
    @Schema(name = "BatchItem", description = "One request of a batch: an endpoint and the body it would be sent alone")
    public record Item(
            @Schema(description = "The endpoint, with or without the /api/v1 prefix", requiredMode = REQUIRED,
                    example = "/api/v1/expressions/check") String path,
            @Schema(description = "That endpoint's request body, as it would be sent alone", requiredMode = REQUIRED, implementation = java.util.Map.class,
                    example = "{\"expression\": \"x^2 * y\", \"bindings\": {\"x\": 3, \"y\": 2}, \"submission\": {\"gradient\": {\"x\": 12, \"y\": 9}}}")
            JsonNode body) {
    }
}
