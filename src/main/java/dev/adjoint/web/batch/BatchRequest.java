package dev.adjoint.web.batch;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Many requests in one call, each to one of the API's POST endpoints. */
@Schema(description = "Requests to answer in order; one bad item never fails the rest")
public record BatchRequest(List<Item> requests) {

    /**
     * @param path an endpoint, e.g. {@code /api/v1/expressions/check} (or without the {@code /api/v1} prefix)
     * @param body that endpoint's request body
     */
    public record Item(@Schema(example = "/api/v1/expressions/check") String path, JsonNode body) {
    }
}
