package io.extauth.audit.read;

import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.FlatData;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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
 * the services write it is read by hand first, without building a parser, by the reader the services use
 * (messaging-kit's {@link FlatData}: the audit had its own copy until issue 14's sixth pass), each shared field's
 * string kept once ({@link SharedStrings}); what that reader leaves (an unknown field, a time with an offset, trailing
 * content: it is stricter than this parser) is read here. Thread-safe.
 */
final class StreamingData {

    private enum Kind { STRING, SHARED_STRING, ENUM, INSTANT, INT, BOOLEAN, DECIMAL, ENUM_LIST }

    /** How to read one record type; {@code null} fields when a component has a type this class does not read. */
    private record Shape(Map<String, Integer> index, Kind[] kinds, @Nullable Map<String, Enum<?>>[] constants,
            Constructor<?> constructor) {
    }

    private static final Object UNREAD = new Object();

    private final ObjectMapper json;
    private final SharedStrings strings;
    private final FlatData.Texts texts;
    private final ClassValue<Optional<Shape>> shapes = new ClassValue<>() {
        @Override
        protected Optional<Shape> computeValue(Class<?> type) {
            return Optional.ofNullable(shapeOf(type));
        }
    };

    StreamingData(ObjectMapper json, SharedStrings strings) {
        this.json = json;
        this.strings = strings;
        this.texts = strings::keep;
    }

    /** The event, or {@code null} when the data is not in the common shape (then bind it). */
    @Nullable ExtauthEvent read(byte[] value, Class<? extends ExtauthEvent> type) {
        Shape shape = shapes.get(type).orElse(null);
        if (shape == null) {
            return null;
        }
        ExtauthEvent flat = FlatData.readOrNull(value, type, texts);
        return flat != null ? flat : read(value, shape);
    }

    /** Only the hand-written reader: {@code null} wherever it leaves the data to Jackson's parser. */
    @Nullable ExtauthEvent readFlat(byte[] value, Class<? extends ExtauthEvent> type) {
        return readFlat(value, 0, value.length, type);
    }

    /**
     * The same for data in {@code array[offset, offset + length)}, read in place (a record's value where the fetch answer
     * holds it); {@link #readWithParser} reads a copy of what this leaves, and the two together read what
     * {@link #read} reads.
     */
    @Nullable ExtauthEvent readFlat(byte[] array, int offset, int length, Class<? extends ExtauthEvent> type) {
        Shape shape = shapes.get(type).orElse(null);
        return shape == null ? null : FlatData.readOrNull(array, offset, length, type, texts);
    }

    /** Only Jackson's parser, as before the hand-written reader: for what {@link #readFlat} leaves, and the tests. */
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
            return new Shape(Map.copyOf(index), kinds, constants, type.getDeclaredConstructor(types));
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
