package io.extauth.messaging.consumer;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.InvalidEventException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns event {@code data} into its contract record and refuses data that leaves out a required field. */
final class EventData {

    /**
     * The accessors of each contract record's required components, looked up once per type: reading a component's
     * type annotations on every event cost more than the rest of the check (JFR, issue 14).
     */
    private static final ClassValue<List<Required>> REQUIRED = new ClassValue<>() {
        @Override
        protected List<Required> computeValue(Class<?> type) {
            List<Required> required = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                    required.add(new Required(component.getName(), component.getAccessor(),
                            component.getType().isPrimitive()));
                }
            }
            return List.copyOf(required);
        }
    };

    /** {@code primitive}: Jackson reads such a field that is missing or null as 0, so its data must be asked. */
    private record Required(String name, Method accessor, boolean primitive) {
    }

    /** Shared: {@code invoke(event)} would allocate an empty array per call. */
    private static final Object[] NO_ARGUMENTS = {};

    private EventData() {
    }

    static <E extends ExtauthEvent> E convert(JsonNode data, Class<E> type) {
        E event;
        try {
            event = ContractJson.mapper().treeToValue(data, type);
        } catch (Exception e) {
            throw new InvalidEventException(type.getSimpleName() + " data does not match the contract: "
                    + firstLine(e.getMessage()), e);
        }
        List<String> missing = missingFields(event, data);
        if (!missing.isEmpty()) {
            throw new InvalidEventException(type.getSimpleName() + " lacks required field(s) " + missing);
        }
        return event;
    }

    /**
     * Record components without {@code @Nullable} are required by the contract. A number ({@code int}) cannot be null
     * in the record: read from data without it, it is 0, which the data never said; such a field counts as missing
     * when {@code data} leaves it out or gives it no number ({@link #isNoNumber}). Without {@code data} (the straight
     * path, which reads no such data: {@code ContractData}), only the other components are checked.
     */
    static List<String> missingFields(Object event, @Nullable JsonNode data) {
        List<String> missing = new ArrayList<>();
        for (Required component : REQUIRED.get(event.getClass())) {
            if (component.primitive()) {
                if (data != null && isNoNumber(data.get(component.name()))) {
                    missing.add(component.name());
                }
                continue;
            }
            try {
                Object value = component.accessor().invoke(event, NO_ARGUMENTS);
                if (value == null || (value instanceof String s && s.isBlank())) {
                    missing.add(component.name());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return missing;
    }

    /**
     * Left out, null, or a text Jackson reads as no value and so as 0: empty or {@code null} once it has trimmed
     * everything up to a space off both ends ({@code String.trim}, as Jackson does: control characters too); a text
     * with a number in it ({@code "2"}) is read as that number, as it always was.
     */
    private static boolean isNoNumber(@Nullable JsonNode given) {
        if (given == null || given.isNull()) {
            return true;
        }
        String text = given.isString() ? given.asString().trim() : null;
        return text != null && (text.isEmpty() || text.equals("null"));
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
