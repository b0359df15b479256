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
                    required.add(new Required(component.getName(), component.getAccessor()));
                }
            }
            return List.copyOf(required);
        }
    };

    private record Required(String name, Method accessor) {
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
        List<String> missing = missingFields(event);
        if (!missing.isEmpty()) {
            throw new InvalidEventException(type.getSimpleName() + " lacks required field(s) " + missing);
        }
        return event;
    }

    /** Record components without {@code @Nullable} are required by the contract. */
    static List<String> missingFields(Object event) {
        List<String> missing = new ArrayList<>();
        for (Required component : REQUIRED.get(event.getClass())) {
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

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
