package dev.adjoint.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.InputStream;
import java.util.List;

/** The grading platforms' result shapes as JSON Schemas (src/test/resources/schemas), written from their documentation. */
public final class Schemas {

    public static final String GRADESCOPE = "gradescope-results.schema.json";
    public static final String PRAIRIELEARN = "prairielearn-results.schema.json";

    private Schemas() {
    }

    /** What is wrong with {@code json} under the schema; empty when it validates. */
    public static List<String> violations(String schema, String json) {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + schema)) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return s.validate(new ObjectMapper().readTree(json)).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
