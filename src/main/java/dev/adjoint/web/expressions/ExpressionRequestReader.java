package dev.adjoint.web.expressions;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the common shape of an {@link ExpressionRequest} straight off the configured mapper's token
 * stream, without the data binder (its record creator, per-property deserializers and argument
 * resolution were about a seventh of an Example 1 request). It only <em>accepts or declines</em>:
 * it accepts a body only where the strict reading ({@link dev.adjoint.web.platform}'s
 * {@code JsonConfiguration}) would read the same record: known fields each at most once, text or
 * null for the strings, numbers for the bindings, a list of strings for {@code wrt}, true, false or
 * null for {@code verify}, nothing after the object. Everything else (lists and non-finite strings
 * in bindings, wrong types, unknown or repeated fields, broken JSON) is declined, and the caller
 * reads the body the usual way, which gives the same answer or the same problem+json as before.
 * {@code ExpressionRequestReaderTest} compares the two on seeded random bodies.
 */
final class ExpressionRequestReader {

    private final JsonMapper json;
    private final long maxBindingElements;

    ExpressionRequestReader(JsonMapper json, long maxBindingElements) {
        this.json = json;
        this.maxBindingElements = maxBindingElements;
    }

    /** The request, or null when the data binder must read it (see the class comment). */
    ExpressionRequest read(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            return read(p);
        } catch (JacksonException e) {
            return null;
        }
    }

    private ExpressionRequest read(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String expression = null;
        String program = null;
        Map<String, Binding> bindings = null;
        List<String> wrt = null;
        String output = null;
        Boolean verify = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.PROPERTY_NAME) {
                return null;
            }
            String name = p.currentName();
            int bit = switch (name) {
                case "expression" -> 1;
                case "program" -> 2;
                case "bindings" -> 4;
                case "wrt" -> 8;
                case "output" -> 16;
                case "verify" -> 32;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return null; // unknown or repeated: the strict reader's 400
            }
            seen |= bit;
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue; // a record component sent as null is null
            }
            switch (bit) {
                case 1, 2, 16 -> {
                    if (v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String text = p.getString();
                    if (bit == 1) {
                        expression = text;
                    } else if (bit == 2) {
                        program = text;
                    } else {
                        output = text;
                    }
                }
                case 4 -> {
                    if (v != JsonToken.START_OBJECT) {
                        return null;
                    }
                    bindings = new LinkedHashMap<>();
                    for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                        if (k != JsonToken.PROPERTY_NAME) {
                            return null;
                        }
                        String variable = p.currentName();
                        JsonToken n = p.nextToken();
                        if (n != JsonToken.VALUE_NUMBER_INT && n != JsonToken.VALUE_NUMBER_FLOAT) {
                            return null;
                        }
                        if (bindings.put(variable, Binding.number(p.getDoubleValue(), maxBindingElements)) != null) {
                            return null;
                        }
                    }
                }
                case 8 -> {
                    if (v != JsonToken.START_ARRAY) {
                        return null;
                    }
                    wrt = new ArrayList<>();
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        if (e != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        wrt.add(p.getString());
                    }
                }
                default -> { // 32
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                        return null;
                    }
                    verify = v == JsonToken.VALUE_TRUE;
                }
            }
        }
        if (p.nextToken() != null) {
            return null; // something after the object
        }
        return new ExpressionRequest(expression, program, bindings, wrt, output, verify);
    }
}
