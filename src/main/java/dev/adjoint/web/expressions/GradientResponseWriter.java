package dev.adjoint.web.expressions;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonGeneratorBase;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GradientResponse} (and the backward steps a network's answer shares) field by
 * field with the generator, in the records' component order and with their inclusion rules, so the
 * bytes are exactly those of Jackson's own record serializer (GradientResponseWriterTest compares
 * the two on random traces). Jackson's serializer reads every component through a method handle
 * and looks up a serializer per value; for the ~30 nodes and terms of Example 1 that was about a
 * third of a request's CPU (BENCHMARKS.md "Issue 16, third pass"). The records stay the answer's
 * documented schema; only how they are printed changes. Warnings and the verification, which are
 * rare, are handed to Jackson.
 */
public final class GradientResponseWriter {

    private GradientResponseWriter() {
    }

    /** Adds the writers for {@link GradientResponse} and {@link GradientResponse.BackwardStep} to a module. */
    public static SimpleModule addTo(SimpleModule module) {
        return module
                .addSerializer(GradientResponse.class, new ResponseSerializer())
                .addSerializer(GradientResponse.BackwardStep.class, new BackwardStepSerializer());
    }

    private static final SerializableString OUTPUT = name("output");
    private static final SerializableString VALUE = name("value");
    private static final SerializableString GRADIENT = name("gradient");
    private static final SerializableString NODES = name("nodes");
    private static final SerializableString BACKWARD = name("backward");
    private static final SerializableString WARNINGS = name("warnings");
    private static final SerializableString VERIFICATION = name("verification");
    private static final SerializableString ID = name("id");
    private static final SerializableString KIND = name("kind");
    private static final SerializableString OP = name("op");
    private static final SerializableString INPUTS = name("inputs");
    private static final SerializableString EXPRESSION = name("expression");
    private static final SerializableString SHAPE = name("shape");
    private static final SerializableString TERMS = name("terms");
    private static final SerializableString CONSUMER = name("consumer");
    private static final SerializableString LOCAL_DERIVATIVE = name("localDerivative");
    private static final SerializableString LOCAL_VALUE = name("localValue");
    private static final SerializableString CONTRIBUTION = name("contribution");
    private static final SerializableString VJP = name("vjp");
    private static final SerializableString JACOBIAN_SHAPE = name("jacobianShape");

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    static final class ResponseSerializer extends ValueSerializer<GradientResponse> {
        @Override
        public void serialize(GradientResponse r, JsonGenerator g, SerializationContext context) {
            Out out = new Out(g, context);
            g.writeStartObject(r);
            g.writeName(OUTPUT);
            out.string(r.output());
            g.writeName(VALUE);
            out.number(r.value());
            g.writeName(GRADIENT);
            if (r.gradient() == null) {
                g.writeNull();
            } else {
                g.writeStartObject(r.gradient());
                for (Map.Entry<String, Object> e : r.gradient().entrySet()) {
                    g.writeName(e.getKey());
                    tensor(g, e.getValue(), out);
                }
                g.writeEndObject();
            }
            g.writeName(NODES);
            if (r.nodes() == null) {
                g.writeNull();
            } else {
                g.writeStartArray(r.nodes(), r.nodes().size());
                for (GradientResponse.Node n : r.nodes()) {
                    node(g, n, out);
                }
                g.writeEndArray();
            }
            g.writeName(BACKWARD);
            backward(g, r.backward(), out);
            g.writeName(WARNINGS);
            context.writeValue(g, r.warnings());
            if (r.verification() != null) { // @JsonInclude(NON_NULL)
                g.writeName(VERIFICATION);
                context.writeValue(g, r.verification());
            }
            g.writeEndObject();
        }
    }

    static final class BackwardStepSerializer extends ValueSerializer<GradientResponse.BackwardStep> {
        @Override
        public void serialize(GradientResponse.BackwardStep step, JsonGenerator g, SerializationContext context) {
            step(g, step, new Out(g, context));
        }
    }

    /** A node: every component but the null ones (the record is {@code @JsonInclude(NON_NULL)}). */
    private static void node(JsonGenerator g, GradientResponse.Node n, Out out) {
        if (n == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(n);
        if (n.id() != null) {
            g.writeName(ID);
            out.string(n.id());
        }
        if (n.kind() != null) {
            g.writeName(KIND);
            out.string(n.kind());
        }
        if (n.op() != null) {
            g.writeName(OP);
            out.string(n.op());
        }
        if (n.inputs() != null) {
            g.writeName(INPUTS);
            strings(g, n.inputs(), out);
        }
        if (n.expression() != null) {
            g.writeName(EXPRESSION);
            out.string(n.expression());
        }
        if (n.shape() != null) {
            g.writeName(SHAPE);
            g.writeArray(n.shape(), 0, n.shape().length);
        }
        if (n.value() != null) {
            g.writeName(VALUE);
            tensor(g, n.value(), out);
        }
        if (n.gradient() != null) {
            g.writeName(GRADIENT);
            tensor(g, n.gradient(), out);
        }
        g.writeEndObject();
    }

    private static void backward(JsonGenerator g, List<GradientResponse.BackwardStep> steps, Out out) {
        if (steps == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray(steps, steps.size());
        for (GradientResponse.BackwardStep step : steps) {
            step(g, step, out);
        }
        g.writeEndArray();
    }

    /** A backward step: all three components, null or not (no inclusion rule on the record). */
    private static void step(JsonGenerator g, GradientResponse.BackwardStep step, Out out) {
        if (step == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(step);
        g.writeName(ID);
        out.string(step.id());
        g.writeName(GRADIENT);
        tensor(g, step.gradient(), out);
        g.writeName(TERMS);
        if (step.terms() == null) {
            g.writeNull();
        } else {
            g.writeStartArray(step.terms(), step.terms().size());
            for (GradientResponse.Term t : step.terms()) {
                term(g, t, out);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** A term: every component but the null ones (the record is {@code @JsonInclude(NON_NULL)}). */
    private static void term(JsonGenerator g, GradientResponse.Term t, Out out) {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(t);
        if (t.consumer() != null) {
            g.writeName(CONSUMER);
            out.string(t.consumer());
        }
        if (t.localDerivative() != null) {
            g.writeName(LOCAL_DERIVATIVE);
            out.string(t.localDerivative());
        }
        if (t.localValue() != null) {
            g.writeName(LOCAL_VALUE);
            tensor(g, t.localValue(), out);
        }
        if (t.contribution() != null) {
            g.writeName(CONTRIBUTION);
            tensor(g, t.contribution(), out);
        }
        if (t.vjp() != null) {
            g.writeName(VJP);
            out.string(t.vjp());
        }
        if (t.jacobianShape() != null) {
            g.writeName(JACOBIAN_SHAPE);
            g.writeArray(t.jacobianShape(), 0, t.jacobianShape().length);
        }
        g.writeEndObject();
    }

    /** A {@link TensorJson} value: a number, a list, or a list of rows; anything else goes to Jackson. */
    private static void tensor(JsonGenerator g, Object value, Out out) {
        if (value instanceof Double d) {
            out.number(d.doubleValue());
        } else if (value instanceof double[] list) {
            numbers(g, list, out);
        } else if (value instanceof double[][] rows) {
            g.writeStartArray(rows, rows.length);
            for (double[] row : rows) {
                if (row == null) {
                    g.writeNull();
                } else {
                    numbers(g, row, out);
                }
            }
            g.writeEndArray();
        } else {
            out.context.writeValue(g, value);
        }
    }

    /** As {@link JsonGenerator#writeArray(double[], int, int)} writes a list, through the memo. */
    private static void numbers(JsonGenerator g, double[] list, Out out) {
        g.writeStartArray(list, list.length);
        for (double v : list) {
            out.number(v);
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, List<String> list, Out out) {
        g.writeStartArray(list, list.size());
        for (String s : list) {
            out.string(s);
        }
        g.writeEndArray();
    }

    /**
     * One answer being written: the generator, Jackson's context for the rare parts, and the text of
     * each finite number already printed. A trace prints most numbers several times (a variable's
     * gradient as the answer's gradient, its node's and its backward step's; an adjoint as the
     * consumer's term contribution): Example 1 has 54 numbers and 23 distinct ones, and printing a
     * double is most of what is left of writing it. The text is the one
     * {@link JsonGenerator#writeNumber(double)} writes (the same {@link NumberOutput} call, the
     * generator's own choice of algorithm); non-finite numbers go to the generator, which quotes them.
     * Each text is kept as a {@link SerializedString}, so a repeated number is copied as bytes encoded
     * once rather than encoded again from its characters. The memo keeps at most {@link #MAX_KEPT} texts, so a large tensor costs no more memory than before.
     */
    static final class Out {
        static final int MAX_KEPT = 2048;
        private final JsonGenerator g;
        final SerializationContext context;
        private final boolean fastWriter;
        private final boolean raw;
        private final boolean plainStrings;
        private final boolean slashes;
        private long[] bits = new long[64];
        private SerializedString[] texts = new SerializedString[64];
        private int size;

        Out(JsonGenerator g, SerializationContext context) {
            this.g = g;
            this.context = context;
            this.fastWriter = g.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
            // writeNumber(String) writes its text raw unless numbers are written as strings (off in this service)
            this.raw = g instanceof JsonGeneratorBase json && !json.isEnabled(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS);
            // a string of printable ASCII without '"' and '\\' is written as its characters in quotes, '/' escaped where the
            // generator escapes it, unless the generator has custom escapes (none in this service)
            this.plainStrings = g instanceof JsonGeneratorBase json && json.getCharacterEscapes() == null;
            this.slashes = plainStrings && ((JsonGeneratorBase) g).isEnabled(JsonWriteFeature.ESCAPE_FORWARD_SLASHES);
        }

        /**
         * A string value (or null), its JSON text taken from {@link #STRINGS} where the same string was
         * written before: a trace's ids, kinds, operations and printed forms are the compiled graph's
         * own strings, so the same few are written by every answer to the same expression.
         */
        void string(String s) {
            if (s == null) {
                g.writeNull();
                return;
            }
            if (!plainStrings || s.length() > MAX_STRING) {
                g.writeString(s);
                return;
            }
            int slot = (s.hashCode() * 0x9E3779B9) >>> (32 - STRING_SLOT_BITS);
            SharedString entry = STRINGS[slot];
            if (entry != null && entry.slashes == slashes && (entry.source == s || entry.source.equals(s))) {
                g.writeRawValue(entry.json);
                return;
            }
            SerializedString json = quoted(s, slashes);
            if (json == null) {
                g.writeString(s);
                return;
            }
            json.asUnquotedUTF8(); // encoded before it is published
            STRINGS[slot] = new SharedString(s, slashes, json);
            g.writeRawValue(json);
        }

        /** The JSON text the generator writes for {@code s}, or null if s has a character this does not write as itself. */
        static SerializedString quoted(String s, boolean slashes) {
            StringBuilder text = new StringBuilder(s.length() + 8).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                    return null;
                }
                if (c == '/' && slashes) {
                    text.append('\\');
                }
                text.append(c);
            }
            return new SerializedString(text.append('"').toString());
        }

        /**
         * Strings' JSON texts shared by all answers, as {@link #SHARED} for numbers: a fixed table indexed
         * by the string's hash, each slot holding the last string written there, only strings of at most
         * {@link #MAX_STRING} characters, so its memory is bounded whatever the requests. An entry is
         * immutable and encoded before it is published; a hit needs an equal string, so it writes what
         * encoding it again would.
         */
        static final int STRING_SLOT_BITS = 11;
        static final int MAX_STRING = 128;
        private static final SharedString[] STRINGS = new SharedString[1 << STRING_SLOT_BITS];

        private record SharedString(String source, boolean slashes, SerializedString json) {
        }

        void number(double v) {
            if (!Double.isFinite(v)) {
                g.writeNumber(v);
                return;
            }
            SerializedString text = text(v);
            if (raw) {
                g.writeRawValue(text); // the bytes writeNumber(String) writes, encoded once per distinct number
            } else {
                g.writeNumber(text.getValue());
            }
        }

        /** Open addressing on the double's bits (so 0.0 and -0.0 stay apart); the table is at most half full. */
        private SerializedString text(double v) {
            long key = Double.doubleToRawLongBits(v);
            int mask = bits.length - 1;
            int slot = slot(key, mask);
            while (texts[slot] != null) {
                if (bits[slot] == key) {
                    return texts[slot];
                }
                slot = (slot + 1) & mask;
            }
            SerializedString text = shared(key, v, fastWriter);
            if (size < MAX_KEPT) {
                bits[slot] = key;
                texts[slot] = text;
                if (++size * 2 > bits.length) {
                    grow();
                }
            }
            return text;
        }

        /**
         * Texts shared by all answers: a fixed table of {@link #SHARED_SLOTS} slots indexed by the number's
         * bits, each slot holding the last number printed there (a miss prints and replaces it), so its
         * memory is bounded whatever the requests and every lookup is one slot. A text is a function of
         * the bits and the algorithm only, so a hit writes the same bytes as printing again. The entry is
         * immutable and its text already encoded when it is published (final-field semantics make it
         * visible complete to other threads; a racing writer only replaces one entry by an equal one).
         */
        static final int SHARED_SLOTS = 4096;
        private static final SharedText[] SHARED = new SharedText[SHARED_SLOTS];

        private record SharedText(long bits, boolean fastWriter, SerializedString text) {
        }

        private static SerializedString shared(long key, double v, boolean fastWriter) {
            int slot = slot(key, SHARED_SLOTS - 1);
            SharedText entry = SHARED[slot];
            if (entry != null && entry.bits == key && entry.fastWriter == fastWriter) {
                return entry.text;
            }
            SerializedString text = new SerializedString(NumberOutput.toString(v, fastWriter));
            text.asUnquotedUTF8(); // encoded before it is published
            SHARED[slot] = new SharedText(key, fastWriter, text);
            return text;
        }

        /**
         * MurmurHash3's 64-bit finalizer, so every bit of the double counts: small whole numbers and
         * halves (2, 3, 6, 0.5: only their top 20 bits set) all fell in slot 0 with the 32-bit product
         * this replaced and evicted each other from the shared table in every answer.
         */
        static int slot(long key, int mask) {
            long h = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
            h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return (int) (h ^ (h >>> 33)) & mask;
        }

        private void grow() {
            long[] oldBits = bits;
            SerializedString[] oldTexts = texts;
            bits = new long[oldBits.length * 2];
            texts = new SerializedString[oldBits.length * 2];
            int mask = bits.length - 1;
            for (int i = 0; i < oldBits.length; i++) {
                if (oldTexts[i] != null) {
                    long key = oldBits[i];
                    int slot = slot(key, mask);
                    while (texts[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    bits[slot] = key;
                    texts[slot] = oldTexts[i];
                }
            }
        }
    }
}
