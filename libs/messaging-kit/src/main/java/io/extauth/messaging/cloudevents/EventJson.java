package io.extauth.messaging.cloudevents;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * An event's {@code data} as the contract's JSON text, for the outbox and for durable work that keeps the event
 * (issue 14: Jackson's writer was a twentieth of the listener and worker threads' samples, for a flat record of a few
 * strings). The contract's records are written here by hand, exactly as {@code ContractJson.mapper()} writes them —
 * components in declaration order, nulls left out, enums by name, times as {@code Instant.toString}, the fee as the
 * {@code BigDecimal}'s string, strings escaped as Jackson escapes them. A type with anything else (an annotation
 * Jackson would heed, a getter beyond the components, a component of another type) is written by Jackson, as before.
 * {@code EventJsonUnitTest} pins the text to Jackson's for every type, generated values and every character.
 */
public final class EventJson {

    private static final ClassValue<@Nullable Shape> SHAPES = new ClassValue<>() {
        @Override
        protected @Nullable Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** The escape of each character below 128 that JSON strings need, as Jackson writes it; null when none. */
    private static final String[] ESCAPES = new String[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04X", c);
        }
        ESCAPES['\b'] = "\\b";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\f'] = "\\f";
        ESCAPES['\r'] = "\\r";
        ESCAPES['"'] = "\\\"";
        ESCAPES['\\'] = "\\\\";
    }

    private EventJson() {
    }

    /** The event's {@code data}: the same text as {@code ContractJson.mapper().writeValueAsString(event)}. */
    public static String write(ExtauthEvent event) {
        Shape shape = SHAPES.get(event.getClass());
        if (shape == null) {
            return jackson(event);
        }
        StringBuilder json = new StringBuilder(256);
        shape.write(event, json);
        return json.toString();
    }

    /** Whether events of {@code type} are written here rather than by Jackson (for the tests). */
    static boolean writtenByHand(Class<?> type) {
        return SHAPES.get(type) != null;
    }

    /**
     * The event a service stored as {@link #write}'s text: read straight ({@link ContractData}) when that reads it
     * exactly as {@code ContractJson.mapper().readValue(json, type)} would, else by that call, which also throws
     * what it always threw.
     */
    public static <E> E read(String json, Class<E> type) {
        E straight = ContractData.readOrNull(json, type);
        return straight != null ? straight : ContractJson.mapper().readValue(json, type);
    }

    private static String jackson(ExtauthEvent event) {
        try {
            return ContractJson.mapper().writeValueAsString(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + event.eventType(), e);
        }
    }

    private static void string(String text, StringBuilder json) {
        json.append('"');
        int from = 0;
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c < 128 && ESCAPES[c] != null) {
                json.append(text, from, i).append(ESCAPES[c]);
                from = i + 1;
            }
        }
        json.append(text, from, text.length()).append('"');
    }

    private enum Kind {
        STRING, ENUM, INSTANT, DECIMAL_AS_STRING, NUMBER, BOOLEAN, LIST
    }

    /** How one component is written; for a list, how each element is. */
    private record Part(String name, @Nullable Method accessor, Kind kind, @Nullable Part element,
            @Nullable Shape shape) {
    }

    /** A record type the contract's JSON writes flat: its components in order, each of a kind written here. */
    private record Shape(Part[] parts) {

        static @Nullable Shape of(Class<?> type) {
            if (!type.isRecord() || !PlainRecords.onlyFeeAnnotations(type) || hasOtherGetters(type)) {
                return null;
            }
            List<Part> parts = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                Part part = part("\"" + component.getName() + "\":", accessor, component.getType(),
                        component.getGenericType(), accessor.isAnnotationPresent(JsonFormat.class));
                if (part == null) {
                    return null;
                }
                accessor.setAccessible(true);
                parts.add(part);
            }
            return new Shape(parts.toArray(Part[]::new));
        }

        private static @Nullable Part part(String name, @Nullable Method accessor, Class<?> type, Type generic,
                boolean decimalAsString) {
            if (type == String.class) {
                return new Part(name, accessor, Kind.STRING, null, null);
            }
            if (type.isEnum() && PlainRecords.onlyFeeAnnotations(type)) {
                return new Part(name, accessor, Kind.ENUM, null, null);
            }
            if (type == Instant.class) {
                return new Part(name, accessor, Kind.INSTANT, null, null);
            }
            if (type == BigDecimal.class && decimalAsString) {
                return new Part(name, accessor, Kind.DECIMAL_AS_STRING, null, null);
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return new Part(name, accessor, Kind.NUMBER, null, null);
            }
            if (type == boolean.class || type == Boolean.class) {
                return new Part(name, accessor, Kind.BOOLEAN, null, null);
            }
            if (type == List.class && generic instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> elementType) {
                if (elementType.isRecord()) {
                    Shape shape = Shape.of(elementType);
                    return shape == null ? null : new Part(name, accessor, Kind.LIST, null, shape);
                }
                Part element = part("", null, elementType, elementType, false);
                return element == null || element.kind() == Kind.DECIMAL_AS_STRING ? null
                        : new Part(name, accessor, Kind.LIST, element, null);
            }
            return null;
        }

        void write(Object record, StringBuilder json) {
            json.append('{');
            boolean first = true;
            for (Part part : parts) {
                Object value = get(part, record);
                if (value == null) {
                    continue; // the contract leaves nulls out
                }
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append(part.name());
                value(part, value, json);
            }
            json.append('}');
        }

        private static void value(Part part, Object value, StringBuilder json) {
            switch (part.kind()) {
                case STRING -> string((String) value, json);
                case ENUM -> string(((Enum<?>) value).name(), json);
                case INSTANT -> json.append('"').append(value).append('"');
                case DECIMAL_AS_STRING -> json.append('"').append(value).append('"');
                case NUMBER, BOOLEAN -> json.append(value);
                case LIST -> {
                    json.append('[');
                    boolean first = true;
                    for (Object element : (List<?>) value) {
                        if (!first) {
                            json.append(',');
                        }
                        first = false;
                        if (element == null) {
                            json.append("null");
                        } else if (part.shape() != null) {
                            part.shape().write(element, json);
                        } else {
                            value(part.element(), element, json);
                        }
                    }
                    json.append(']');
                }
            }
        }

        private static @Nullable Object get(Part part, Object record) {
            try {
                return part.accessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Getters beyond the components would be written too: leave such a type to Jackson. */
        private static boolean hasOtherGetters(Class<?> type) {
            for (Method method : type.getMethods()) {
                String name = method.getName();
                if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                        && method.getDeclaringClass() != Object.class
                        && (name.startsWith("get") && name.length() > 3
                                || name.startsWith("is") && name.length() > 2)) {
                    return true;
                }
            }
            return false;
        }
    }
}
