package dev.adjoint.web;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.function.Function;

/**
 * A controller in a capability's own sub-package offers its endpoints to the batch endpoint here,
 * so {@link BatchController} needs no dependency on it: each path (without {@code /api/v1/}, e.g.
 * {@code expressions/hessian}) maps a body to the same answer the request alone would get.
 */
public interface BatchRoutes {

    Map<String, Function<JsonNode, Object>> batchRoutes(JsonMapper json);
}
