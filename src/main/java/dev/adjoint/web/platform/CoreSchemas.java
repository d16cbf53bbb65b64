package dev.adjoint.web.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Descriptions and examples for the records the core hands to answers as they are, where an
 * annotation cannot reach (the core uses no Spring, Jackson or OpenAPI types): a result's
 * {@code Warning} (dev.adjoint.autodiff), and a graded item's {@code ElementError} and a formula's
 * {@code Counterexample} (dev.adjoint.grading). Their numbers are {@code Real}s: they can be non-finite.
 */
final class CoreSchemas implements OpenApiCustomizer {

    /** A property: its description, example, whether always present, and a schema to use instead of the generated one. */
    private record Property(String description, Object example, boolean required, String ref) {
    }

    private record Described(String description, Map<String, Property> properties) {
    }

    private static final Map<String, Described> SCHEMAS = Map.of(
            "Warning", new Described("A non-finite number in a result: where it first appeared and why. Non-finite values are data, "
                    + "not errors: the answer is still given", Map.of(
                    "node", new Property("The first node whose value (or gradient) is not finite", "b", true, null),
                    "quantity", new Property("Which of the node's numbers is not finite: value or gradient", "value", true, null),
                    "message", new Property("What produced it, with the numbers", "b = log(x) gives NaN at x = -2", true, null))),
            "ElementError", new Described("One element of a submitted array that is outside the tolerance", Map.of(
                    "path", new Property("The element, as the request indexes it", "layers[0].weights[1][2]", true, null),
                    "expected", new Property("The true value", -0.011615, true, NumberSchemas.REAL),
                    "submitted", new Property("The student's value", -0.007988, true, NumberSchemas.REAL),
                    "absoluteError", new Property("|submitted - expected|", 0.003627, true, NumberSchemas.REAL),
                    "relativeError", new Property("|submitted - expected| / |expected|", 0.31227, true, NumberSchemas.REAL))),
            "Counterexample", new Described("The first point where a formula answer and the truth differ", Map.of(
                    "bindings", new Property("The variables' values at the point", Map.of("x", 2.2096859287236845, "z", 1.5104264294780836), true, null),
                    "expected", new Property("The truth there", 0.2996193610837228, true, NumberSchemas.REAL),
                    "submitted", new Property("The formula's value there", 0.16666666666666666, true, NumberSchemas.REAL))));

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        SCHEMAS.forEach((name, entry) -> {
            Schema<?> schema = openApi.getComponents().getSchemas().get(name);
            if (schema == null) {
                return;
            }
            schema.setDescription(entry.description());
            Set<String> required = new TreeSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
            entry.properties().forEach((propertyName, p) -> {
                if (schema.getProperties() == null || !schema.getProperties().containsKey(propertyName)) {
                    throw new IllegalStateException(name + " has no property " + propertyName + " to describe");
                }
                Schema<?> property = p.ref() != null ? new Schema<>().$ref(p.ref()) : schema.getProperties().get(propertyName);
                property.setDescription(p.description());
                property.setExample(p.example());
                schema.getProperties().put(propertyName, property);
                if (p.required()) {
                    required.add(propertyName);
                }
            });
            schema.setRequired(List.copyOf(required)); // sorted: the document is the same on every run
        });
    }
}
