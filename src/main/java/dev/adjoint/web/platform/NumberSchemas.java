package dev.adjoint.web.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;

/**
 * The numbers of the API in the OpenAPI document, defined once and referenced everywhere a number,
 * a vector or a matrix appears: {@code Real} is a JSON number or one of the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"} (Jackson writes non-finite doubles so, and reads them
 * back); {@code Vector} a list of them, {@code Matrix} a list of equal-length rows, and
 * {@code Tensor} any of the three (docs/API.md section 5). A record component points at one with
 * {@code @Schema(ref = NumberSchemas.REAL)}; a map of tensors with
 * {@code additionalPropertiesSchema = Binding.class} (the request type documented as {@code Tensor}).
 */
public final class NumberSchemas implements OpenApiCustomizer {

    public static final String REAL = "#/components/schemas/Real";
    public static final String VECTOR = "#/components/schemas/Vector";
    public static final String MATRIX = "#/components/schemas/Matrix";
    public static final String TENSOR = "#/components/schemas/Tensor";

    /** The strings that stand for non-finite numbers, in the request and in the answer. */
    private static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity");

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        Schema<?> nonFinite = new StringSchema()._enum(NON_FINITE).description("A number that is not finite");
        components.addSchemas("Real", new Schema<>()
                .description("An IEEE 754 double: a JSON number, or the string \"NaN\", \"Infinity\" or \"-Infinity\" for one "
                        + "that is not finite (answers write them so, and requests may send them so)")
                .oneOf(List.of(new NumberSchema().format("double"), nonFinite))
                .example(412.19145728412116));
        components.addSchemas("Vector", new ArraySchema().items(ref(REAL))
                .description("A vector (shape [n]): a list of n numbers")
                .minItems(1)
                .example(List.of(-1.005152, 0.569301, 0.405)));
        components.addSchemas("Matrix", new ArraySchema().items(ref(VECTOR))
                .description("A matrix (shape [m, n]): a list of m rows, each a list of n numbers")
                .minItems(1)
                .example(List.of(List.of(0.1, 0.2), List.of(0.3, 0.4), List.of(0.5, 0.6))));
        components.addSchemas("Tensor", new Schema<>()
                .description("A number (shape []), a vector (a list of numbers, shape [n]) or a matrix (a list of equal-length "
                        + "rows, shape [m, n]); rank 2 at most")
                .oneOf(List.of(ref(REAL), ref(VECTOR), ref(MATRIX)))
                .example(List.of(1208.3812151266095, 809.707479218564)));
        // A double component with @Schema(ref = REAL) also gets the Java type's "type": "number" (a double[] its "items");
        // beside a $ref in OpenAPI 3.1 that would narrow Real back to finite numbers, so a referencing property keeps only the $ref.
        for (Schema<?> schema : components.getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Schema<?> property : schema.getProperties().values()) {
                if (property.get$ref() != null) {
                    property.setType(null);
                    property.setTypes(null);
                    property.setFormat(null);
                    property.setItems(null);
                }
            }
        }
    }

    private static Schema<?> ref(String ref) {
        return new Schema<>().$ref(ref);
    }
}
