import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The copy of docs/openapi.json that the Java client is generated from (profile clients in pom.xml):
 * every oneOf / anyOf and every list of types is taken out, so the schema means "any JSON" and
 * the generated client holds it as an Object, which Jackson reads and writes as it is. openapi-generator's
 * Java client cannot compile a oneOf of numbers and lists (a binding is a number, a list or a list of
 * rows; an answer's number may be "NaN"), and a union of answer shapes is easier to read as a tree.
 * Usage: java -cp CLASSPATH_WITH_JACKSON_3 scripts/JavaClientSpec.java docs/openapi.json OUT.json
 */
public class JavaClientSpec {

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode document = json.readTree(Files.readString(Path.of(args[0])));
        int removed = loosen(document);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        System.out.println("JavaClientSpec: " + removed + " oneOf/anyOf/type lists loosened to any JSON in " + out);
    }

    private static int loosen(JsonNode node) {
        int removed = 0;
        if (node instanceof ObjectNode object) {
            for (String union : new String[] {"oneOf", "anyOf"}) {
                if (object.get(union) instanceof ArrayNode) {
                    object.remove(union);
                    object.remove("type");
                    object.remove("discriminator");
                    removed++;
                }
            }
            if (object.get("type") instanceof ArrayNode) {
                object.remove("type");
                removed++;
            }
        }
        for (JsonNode child : node) {
            removed += loosen(child);
        }
        return removed;
    }
}
