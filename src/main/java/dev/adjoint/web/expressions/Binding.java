package dev.adjoint.web.expressions;

import dev.adjoint.autodiff.LimitExceededException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.web.problems.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable's value as the client sent it: a number, a vector (a list of numbers) or a matrix (a
 * list of equal-length rows); {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} as strings.
 * A list that is none of these (ragged rows, an empty list, lists three deep, numbers mixed with
 * lists) is read to its end and kept as a problem naming the row, so the request's check reports it
 * as a 400 with the binding's path. Elements beyond the configured limit are counted, not stored.
 */
@JsonDeserialize(using = Binding.Reader.class)
// Documented as the one Tensor schema of the answers too: NumberSchemas replaces this placeholder with Real | Vector | Matrix.
@Schema(name = "Tensor", description = "A number, a list of numbers (a vector) or a list of equal-length rows (a matrix)")
public final class Binding {

    /** The deserialization attribute holding the most elements one binding may have (a Long). */
    public static final String MAX_ELEMENTS = "adjoint.maxBindingElements";
    static final long DEFAULT_MAX_ELEMENTS = 1_000_000;

    private final int[] shape;
    private final double[] data;
    /** Why the list is not a vector or a matrix: the path below the binding ({@code [2]}) and the message; else null. */
    private final String problemPath;
    private final String problem;
    private final long elements;
    private final long maxElements;

    private Binding(int[] shape, double[] data, String problemPath, String problem, long elements, long maxElements) {
        this.shape = shape;
        this.data = data;
        this.problemPath = problemPath;
        this.problem = problem;
        this.elements = elements;
        this.maxElements = maxElements;
    }

    /** A number. */
    public static Binding of(double value) {
        return number(value, DEFAULT_MAX_ELEMENTS);
    }

    /** A number as {@link Reader} reads one, with the configured limit (a request read without the data binder). */
    static Binding number(double value, long maxElements) {
        return new Binding(new int[0], new double[] {value}, null, null, 1, maxElements);
    }

    /** A binding of this shape over these row-major values. */
    public static Binding of(int[] shape, double[] data) {
        return new Binding(shape.clone(), data.clone(), null, null, data.length, DEFAULT_MAX_ELEMENTS);
    }

    /** The problem with this binding as a field error (its path starts {@code bindings.<name>}), or null; over the limit is a 413. */
    InvalidRequestException.FieldError problem(String name) {
        if (elements > maxElements) {
            throw new LimitExceededException("bindingElements", maxElements, elements, "bindings." + name + " has " + elements
                    + " numbers; the limit per binding is " + maxElements);
        }
        return problem == null ? null : new InvalidRequestException.FieldError("bindings." + name + problemPath, problem.replace("{name}", name));
    }

    /**
     * A direction's entries (a Hessian-vector product's {@code vector}, a JVP's {@code tangents}) as
     * tensors, with the bindings' reading rules: a null, ragged or oversized entry is a 400 (413)
     * naming {@code <field>.<name>}. Shapes are checked against the variables later, where they are known.
     */
    public static Map<String, dev.adjoint.autodiff.Tensor> tensors(String field, Map<String, Binding> entries) {
        List<InvalidRequestException.FieldError> errors = new java.util.ArrayList<>();
        Map<String, dev.adjoint.autodiff.Tensor> out = new LinkedHashMap<>();
        entries.forEach((name, value) -> {
            if (value == null) {
                errors.add(new InvalidRequestException.FieldError(field + "." + name, field + "." + name + " is null; give it a number, a list or a list of rows"));
                return;
            }
            InvalidRequestException.FieldError problem = value.problem(name);
            if (problem != null) {
                errors.add(new InvalidRequestException.FieldError(field + problem.path().substring("bindings".length()),
                        problem.message().replace("bindings." + name, field + "." + name)));
                return;
            }
            out.put(name, value.tensor());
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return out;
    }

    /** The bindings as numbers when every one is a number; null when any is a vector or a matrix. */
    static Map<String, Double> scalarsOrNull(Map<String, Binding> bindings) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, Binding> b : bindings.entrySet()) {
            if (b.getValue().shape.length != 0) {
                return null;
            }
            scalars.put(b.getKey(), b.getValue().data[0]);
        }
        return scalars;
    }

    /** Numbers as bindings. */
    public static Map<String, Binding> ofNumbers(Map<String, Double> numbers) {
        Map<String, Binding> bindings = new LinkedHashMap<>();
        numbers.forEach((name, value) -> bindings.put(name, value == null ? null : of(value))); // a null stays null: validate() names it
        return bindings;
    }

    /** The numbers this binding holds (counted even past the limit, where they are not stored). */
    public long elements() {
        return elements;
    }

    /** The shape; null for a binding that could not be read (see {@link #problem}), which validation answers with a 400. */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** A single number (false for a vector, a matrix, and a binding that could not be read). */
    public boolean isNumber() {
        return shape != null && shape.length == 0;
    }

    public Tensor tensor() {
        return shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(shape, data.clone());
    }

    static final class Reader extends ValueDeserializer<Binding> {

        private static final Map<String, Double> NON_FINITE = Map.of(
                "NaN", Double.NaN, "Infinity", Double.POSITIVE_INFINITY, "-Infinity", Double.NEGATIVE_INFINITY);

        @Override
        public Binding deserialize(JsonParser p, DeserializationContext ctxt) {
            Object configured = ctxt.getAttribute(MAX_ELEMENTS);
            long max = configured instanceof Long l ? l : DEFAULT_MAX_ELEMENTS;
            JsonToken first = p.currentToken();
            if (first == JsonToken.VALUE_NUMBER_INT || first == JsonToken.VALUE_NUMBER_FLOAT) {
                return new Binding(new int[0], new double[] {p.getDoubleValue()}, null, null, 1, max);
            }
            if (first == JsonToken.VALUE_STRING && NON_FINITE.containsKey(p.getString())) {
                return new Binding(new int[0], new double[] {NON_FINITE.get(p.getString())}, null, null, 1, max);
            }
            if (first != JsonToken.START_ARRAY) {
                return (Binding) ctxt.handleUnexpectedToken(double.class, p);
            }
            return readList(p, ctxt, max);
        }

        /** One pass over the list, depth by depth; the first problem found is kept, and the rest is still read to its end. */
        private static Binding readList(JsonParser p, DeserializationContext ctxt, long max) {
            double[] values = new double[16];
            long count = 0;
            int depth = 1;
            int rows = 0;            // rows started (depth 2 lists)
            int rowLength = -1;      // row 0's length
            int inRow = 0;           // numbers in the current row
            boolean numbersAtTop = false;
            String problemPath = null;
            String problem = null;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return (Binding) ctxt.handleUnexpectedToken(double[].class, p);
                }
                switch (t) {
                    case START_ARRAY -> {
                        depth++;
                        if (depth == 2) {
                            if (numbersAtTop && problem == null) {
                                problemPath = "[" + (count) + "]";
                                problem = "{name} mixes numbers and lists: a vector is a list of numbers, a matrix a list of rows (lists of numbers)";
                            }
                            inRow = 0;
                        } else if (depth == 3 && problem == null) {
                            problemPath = "[" + rows + "]";
                            problem = "{name} nests lists more than two deep (row " + rows + " holds a list): a binding is a number,"
                                    + " a vector or a matrix, nothing of higher rank";
                        }
                    }
                    case END_ARRAY -> {
                        depth--;
                        if (depth == 1) {
                            if (problem == null && inRow == 0) {
                                problemPath = "[" + rows + "]";
                                problem = "row " + rows + " of {name} is empty: give every row at least one number";
                            } else if (problem == null && rowLength >= 0 && inRow != rowLength) {
                                problemPath = "[" + rows + "]";
                                problem = "row " + rows + " of {name} has " + inRow + " numbers but row 0 has " + rowLength
                                        + ": a matrix's rows must be equally long";
                            }
                            if (rows == 0) {
                                rowLength = inRow;
                            }
                            rows++;
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> {
                        double v;
                        if (t == JsonToken.VALUE_STRING) {
                            Double nonFinite = NON_FINITE.get(p.getString());
                            if (nonFinite == null) {
                                if (problem == null) {
                                    problemPath = depth == 1 ? "[" + count + "]" : "[" + rows + "][" + inRow + "]";
                                    problem = "{name}" + problemPath + " should be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), not the string \""
                                            + abbreviate(p.getString()) + "\"";
                                }
                                v = Double.NaN;
                            } else {
                                v = nonFinite;
                            }
                        } else {
                            v = p.getDoubleValue();
                        }
                        if (depth == 1) {
                            numbersAtTop = true;
                            if (rows > 0 && problem == null) {
                                problemPath = "[" + rows + "]";
                                problem = "{name} mixes lists and numbers: row " + rows + " should be a list of numbers like the rows before it";
                            }
                        } else if (depth == 2) {
                            inRow++;
                        }
                        if (depth <= 2) {
                            if (count < max) {
                                if (count == values.length) {
                                    values = Arrays.copyOf(values, (int) Math.min(2L * values.length, max));
                                }
                                values[(int) count] = v;
                            }
                            count++;
                        }
                    }
                    default -> { // objects, true/false, null
                        if (problem == null) {
                            problemPath = depth == 1 ? "[" + count + "]" : "[" + rows + "][" + inRow + "]";
                            problem = "{name}" + problemPath + " should be a number, not " + describe(t);
                        }
                        if (t == JsonToken.START_OBJECT) {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (problem == null && count == 0 && rows == 0) {
                problemPath = "";
                problem = "{name} is an empty list: a vector needs at least one number";
            }
            if (problem != null || count > max) {
                return new Binding(null, null, problemPath, problem, count, max);
            }
            int[] shape = rows == 0 ? new int[] {(int) count} : new int[] {rows, rowLength};
            return new Binding(shape, count == values.length ? values : Arrays.copyOf(values, (int) count), null, null, count, max);
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case VALUE_TRUE, VALUE_FALSE -> "true or false";
                case VALUE_NULL -> "null";
                default -> "this";
            };
        }

        private static String abbreviate(String s) {
            return s.length() > 20 ? s.substring(0, 20) + "..." : s;
        }
    }
}
