package dev.adjoint.web;

import tools.jackson.databind.JsonNode;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed OpenAPI document, {@code docs/openapi.json}, and the one canonical form it is written
 * in: the served document ({@code /v3/api-docs}) without {@code servers} (springdoc fills in the
 * host and port of the request; a client is given its base URL), every object's keys sorted, two-space
 * indentation, a final newline. Regenerate it with {@code scripts/openapi-snapshot.sh}.
 */
final class OpenApiSnapshot {

    static final Path FILE = Path.of("docs", "openapi.json");
    /** Set to true ({@code -Dopenapi.snapshot.write=true}) to have {@link OpenApiSnapshotTest} rewrite {@link #FILE}. */
    static final String WRITE_PROPERTY = "openapi.snapshot.write";

    /** As Python's json.dumps(indent=2) writes: {@code "key": value}, one array element per line, empty {@code {}} and {@code []}. */
    private static final ObjectWriter PRETTY;

    static {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        PRETTY = Json.MAPPER.writer().with(printer);
    }

    private OpenApiSnapshot() {
    }

    /** The canonical text of an OpenAPI document given as JSON text. */
    static String canonical(String document) {
        JsonNode tree = Json.parse(document);
        if (tree instanceof ObjectNode root) {
            root.remove("servers");
        }
        return PRETTY.writeValueAsString(sorted(tree)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new TreeMap<>();
            object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
