package io.extauth.audit.read;

import io.extauth.contract.ExtauthEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads event data in the shape the services write it (an object of the record's fields, strings, enums by name,
 * ints, booleans, RFC 3339 times, a decimal as a string, a list of enums) with Jackson's streaming parser straight into
 * the record's canonical constructor: data binding costs several times more and was most of the audit's time. Data in
 * any other shape (a coercion, a field twice, a missing int, an unknown enum, a constructor that refuses) gets
 * {@code null}, and the caller binds it as before, so what is read, and every reason a record is unreadable, stays
 * exactly what data binding makes of it. Unknown fields are skipped, as the contract's mapper does. Data as simple as
 * the services write it is read by hand first ({@link FlatJson}), without building a parser. Thread-safe.
 */
final class StreamingData {

    private enum Kind { STRING, SHARED_STRING, ENUM, INSTANT, INT, BOOLEAN, DECIMAL, ENUM_LIST }

    /** How to read one record type; {@code null} fields when a component has a type this class does not read. */
    private record Shape(Map<String, Integer> index, Kind[] kinds, @Nullable Map<String, Enum<?>>[] constants,
            Constructor<?> constructor, byte[][] names) {
    }

    private static final Object UNREAD = new Object();

    private final ObjectMapper json;
    private final SharedStrings strings;
    private final ClassValue<Optional<Shape>> shapes = new ClassValue<>() {
        @Override
        protected Optional<Shape> computeValue(Class<?> type) {
            return Optional.ofNullable(shapeOf(type));
        }
    };

    StreamingData(ObjectMapper json, SharedStrings strings) {
        this.json = json;
        this.strings = strings;
    }

    /** The event, or {@code null} when the data is not in the common shape (then bind it). */
    @Nullable ExtauthEvent read(byte[] value, Class<? extends ExtauthEvent> type) {
        Shape shape = shapes.get(type).orElse(null);
        if (shape == null) {
            return null;
        }
        ExtauthEvent flat = new FlatJson(value).read(shape);
        return flat != null ? flat : read(value, shape);
    }

    /** Only the hand-written reader: {@code null} wherever it leaves the data to Jackson's parser (for the tests). */
    @Nullable ExtauthEvent readFlat(byte[] value, Class<? extends ExtauthEvent> type) {
        Shape shape = shapes.get(type).orElse(null);
        return shape == null ? null : new FlatJson(value).read(shape);
    }

    /** Only Jackson's parser, as before the hand-written reader (for the tests). */
    @Nullable ExtauthEvent readWithParser(byte[] value, Class<? extends ExtauthEvent> type) {
        Shape shape = shapes.get(type).orElse(null);
        return shape == null ? null : read(value, shape);
    }

    private @Nullable ExtauthEvent read(byte[] value, Shape shape) {
        Object[] arguments = new Object[shape.kinds().length];
        boolean[] seen = new boolean[arguments.length];
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.PROPERTY_NAME) {
                    return null;
                }
                Integer at = shape.index().get(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                if (at == null) {
                    parser.skipChildren(); // unknown fields are tolerated: the contract may add fields
                    continue;
                }
                if (seen[at]) {
                    return null; // a field twice: data binding keeps the last one, leave that to it
                }
                seen[at] = true;
                Object read = value(shape, at, parser, valueToken);
                if (read == UNREAD) {
                    return null;
                }
                arguments[at] = read;
            }
            for (int i = 0; i < arguments.length; i++) {
                if (!seen[i] && shape.kinds()[i] == Kind.INT) {
                    return null;
                }
            }
            return (ExtauthEvent) shape.constructor().newInstance(arguments);
        } catch (ReflectiveOperationException | RuntimeException e) { // JacksonException included: bind it
            return null;
        }
    }

    private Object value(Shape shape, int at, JsonParser parser, JsonToken token) {
        Kind kind = shape.kinds()[at];
        if (token == JsonToken.VALUE_NULL) {
            return kind == Kind.INT ? UNREAD : null;
        }
        switch (kind) {
            case STRING, SHARED_STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    return UNREAD;
                }
                String text = parser.getString();
                return kind == Kind.SHARED_STRING ? strings.share(text) : text;
            }
            case ENUM -> {
                Object constant = token == JsonToken.VALUE_STRING ? shape.constants()[at].get(parser.getString())
                        : null;
                return constant == null ? UNREAD : constant;
            }
            case INSTANT -> {
                if (token != JsonToken.VALUE_STRING) {
                    return UNREAD;
                }
                try {
                    return Rfc3339.parse(parser.getString().trim());
                } catch (RuntimeException e) {
                    return UNREAD;
                }
            }
            case INT -> {
                return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        ? (Object) parser.getIntValue() : UNREAD;
            }
            case BOOLEAN -> {
                return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE
                        : UNREAD;
            }
            case DECIMAL -> {
                return token == JsonToken.VALUE_STRING && plainDecimal(parser.getString())
                        ? new BigDecimal(parser.getString()) : UNREAD;
            }
            case ENUM_LIST -> {
                if (token != JsonToken.START_ARRAY) {
                    return UNREAD;
                }
                List<Object> list = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    Object constant = item == JsonToken.VALUE_STRING ? shape.constants()[at].get(parser.getString())
                            : null;
                    if (constant == null) {
                        return UNREAD;
                    }
                    list.add(constant);
                }
                return list;
            }
            default -> {
                return UNREAD;
            }
        }
    }

    /** {@code 4.99}, {@code -10}: what {@code new BigDecimal} and data binding read alike; anything else is bound. */
    private static boolean plainDecimal(String text) {
        int length = text.length();
        int at = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        int digits = 0;
        boolean point = false;
        for (; at < length; at++) {
            char c = text.charAt(at);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point && digits > 0 && at < length - 1) {
                point = true;
            } else {
                return false;
            }
        }
        return digits > 0 && length <= 30;
    }

    /**
     * JSON read by hand where it is as simple as the services write it: one flat object, names and strings of
     * printable ASCII without escapes, ints of up to nine digits, {@code true}, {@code false}, {@code null}, lists of
     * such strings. Anything else ({@code null} back) is left to Jackson's parser above: what this reads, it reads
     * exactly as that does, without building a parser, its buffers and a string per token for every record (a third
     * of the audit's allocation). Not thread-safe: one per record.
     */
    private final class FlatJson {

        private final byte[] json;
        private int at;

        FlatJson(byte[] json) {
            this.json = json;
        }

        @Nullable ExtauthEvent read(Shape shape) {
            Object[] arguments = new Object[shape.kinds().length];
            boolean[] seen = new boolean[arguments.length];
            if (next() != '{') {
                return null;
            }
            at++;
            if (next() == '}') {
                return construct(shape, arguments, seen);
            }
            while (true) {
                if (next() != '"') {
                    return null;
                }
                int nameStart = ++at;
                int nameEnd = endOfString();
                if (nameEnd < 0 || next() != ':') {
                    return null;
                }
                at++;
                int field = field(shape, nameStart, nameEnd);
                Object read;
                if (field < 0) {
                    read = skipScalar() ? null : UNREAD; // unknown fields are tolerated: the contract may add fields
                } else if (seen[field]) {
                    return null; // a field twice: data binding keeps the last one, leave that to it
                } else {
                    seen[field] = true;
                    read = value(shape, field);
                }
                if (read == UNREAD) {
                    return null;
                }
                if (field >= 0) {
                    arguments[field] = read;
                }
                int separator = next();
                at++;
                if (separator == '}') {
                    return construct(shape, arguments, seen);
                }
                if (separator != ',') {
                    return null;
                }
            }
        }

        private @Nullable ExtauthEvent construct(Shape shape, Object[] arguments, boolean[] seen) {
            for (int i = 0; i < arguments.length; i++) {
                if (!seen[i] && shape.kinds()[i] == Kind.INT) {
                    return null;
                }
            }
            try {
                return (ExtauthEvent) shape.constructor().newInstance(arguments);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** What {@code StreamingData.value} reads from the same token; {@code UNREAD} where it would not. */
        private @Nullable Object value(Shape shape, int field) {
            Kind kind = shape.kinds()[field];
            int c = next();
            if (c == 'n') {
                return literal("null") && kind != Kind.INT ? null : UNREAD;
            }
            switch (kind) {
                case STRING, SHARED_STRING, ENUM, INSTANT, DECIMAL -> {
                    String text = c == '"' ? string() : null;
                    if (text == null) {
                        return UNREAD;
                    }
                    return switch (kind) {
                        case STRING -> text;
                        case SHARED_STRING -> strings.share(text);
                        case ENUM -> {
                            Object constant = shape.constants()[field].get(text);
                            yield constant == null ? UNREAD : constant;
                        }
                        case INSTANT -> instant(text);
                        default -> plainDecimal(text) ? new BigDecimal(text) : UNREAD;
                    };
                }
                case INT -> {
                    return integer();
                }
                case BOOLEAN -> {
                    return c == 't' && literal("true") ? Boolean.TRUE : c == 'f' && literal("false") ? Boolean.FALSE
                            : UNREAD;
                }
                case ENUM_LIST -> {
                    return c == '[' ? enumList(shape.constants()[field]) : UNREAD;
                }
                default -> {
                    return UNREAD;
                }
            }
        }

        private Object instant(String text) {
            try {
                return Rfc3339.parse(text.trim());
            } catch (RuntimeException e) {
                return UNREAD;
            }
        }

        private Object enumList(Map<String, Enum<?>> constants) {
            at++;
            List<Object> list = new ArrayList<>();
            if (next() == ']') {
                at++;
                return list;
            }
            while (true) {
                String text = next() == '"' ? string() : null;
                Object constant = text == null ? null : constants.get(text);
                if (constant == null) {
                    return UNREAD;
                }
                list.add(constant);
                int separator = next();
                at++;
                if (separator == ']') {
                    return list;
                }
                if (separator != ',') {
                    return UNREAD;
                }
            }
        }

        /** A string at {@code at} (its opening quote), or {@code null} when it is not a simple one. */
        private @Nullable String string() {
            int start = ++at;
            int end = endOfString();
            // printable ASCII only: ISO-8859-1 decodes it as UTF-8 does, straight into a compact string
            return end < 0 ? null : new String(json, start, end - start, StandardCharsets.ISO_8859_1);
        }

        /** Moves past a simple string's closing quote and returns where it was; -1 for anything else. */
        private int endOfString() {
            for (int i = at; i < json.length; i++) {
                byte b = json[i];
                if (b == '"') {
                    at = i + 1;
                    return i;
                }
                if (b < 0x20 || b == '\\' || b == 0x7f) { // control, escape, DEL or a byte of a multi-byte character
                    return -1;
                }
            }
            return -1;
        }

        /** An int of at most nine digits (never {@code -0}, never a leading zero), as an Integer; else UNREAD. */
        private Object integer() {
            int i = at;
            boolean negative = i < json.length && json[i] == '-';
            if (negative) {
                i++;
            }
            int start = i;
            int value = 0;
            while (i < json.length && json[i] >= '0' && json[i] <= '9' && i - start < 10) {
                value = value * 10 + (json[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 9 || digits > 1 && json[start] == '0' || negative && value == 0
                    || !endsToken(i)) {
                return UNREAD;
            }
            at = i;
            return negative ? -value : value;
        }

        /** Skips an unknown field's value when it is a simple scalar; {@code false} for anything else. */
        private boolean skipScalar() {
            int c = next();
            if (c == '"') {
                return string() != null;
            }
            if (c == 'n') {
                return literal("null");
            }
            if (c == 't') {
                return literal("true");
            }
            if (c == 'f') {
                return literal("false");
            }
            return integer() != UNREAD;
        }

        /** Moves past {@code word} when it is at {@code at} and ends there; {@code false} otherwise. */
        private boolean literal(String word) {
            int end = at + word.length();
            if (end > json.length || !endsToken(end)) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (json[at + i] != word.charAt(i)) {
                    return false;
                }
            }
            at = end;
            return true;
        }

        /** Whether a number or literal may end before {@code i}: whitespace or a separator follows. */
        private boolean endsToken(int i) {
            if (i >= json.length) {
                return false;
            }
            byte b = json[i];
            return b == ',' || b == '}' || b == ']' || whitespace(b);
        }

        /** The next byte that is not whitespace (and {@code at} on it), or -1 at the end. */
        private int next() {
            while (at < json.length && whitespace(json[at])) {
                at++;
            }
            return at < json.length ? json[at] : -1;
        }

        private static boolean whitespace(byte b) {
            return b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }

        private int field(Shape shape, int start, int end) {
            byte[][] names = shape.names();
            for (int i = 0; i < names.length; i++) {
                if (Arrays.equals(names[i], 0, names[i].length, json, start, end)) {
                    return i;
                }
            }
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Shape shapeOf(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            return null;
        }
        Map<String, Integer> index = new HashMap<>();
        Kind[] kinds = new Kind[components.length];
        Map<String, Enum<?>>[] constants = new Map[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            index.put(component.getName(), i);
            Class<?> of = component.getType();
            if (of == String.class) {
                kinds[i] = SharedStrings.isShared(component.getName()) ? Kind.SHARED_STRING : Kind.STRING;
            } else if (of.isEnum()) {
                kinds[i] = Kind.ENUM;
                constants[i] = constantsOf(of);
            } else if (of == Instant.class) {
                kinds[i] = Kind.INSTANT;
            } else if (of == int.class) {
                kinds[i] = Kind.INT;
            } else if (of == Boolean.class) {
                kinds[i] = Kind.BOOLEAN;
            } else if (of == BigDecimal.class) {
                kinds[i] = Kind.DECIMAL;
            } else if (of == List.class && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> item && item.isEnum()) {
                kinds[i] = Kind.ENUM_LIST;
                constants[i] = constantsOf(item);
            } else {
                return null; // e.g. a list of records: bound as before
            }
        }
        try {
            byte[][] names = new byte[components.length][];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName().getBytes(StandardCharsets.UTF_8);
            }
            return new Shape(Map.copyOf(index), kinds, constants, type.getDeclaredConstructor(types), names);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Map<String, Enum<?>> constantsOf(Class<?> type) {
        Map<String, Enum<?>> byName = new HashMap<>();
        for (Object constant : type.getEnumConstants()) {
            Enum<?> value = (Enum<?>) constant;
            byName.put(value.name(), value);
        }
        return Map.copyOf(byName);
    }
}
