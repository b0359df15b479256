package io.extauth.testsupport;

import io.extauth.contract.EventTypes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the AsyncAPI documents promise of an event's data: every field its contract record does not mark
 * {@code @Nullable} is there (the service kit's {@code RequiredByNullness} makes them {@code required}), in the event
 * and in every record it carries; and, what the services' readers ask besides, a text is not blank (they refuse a
 * blank one as missing). Records written by extauth's own services are held to it, not a test's made by hand (its
 * {@code ce_source} another, {@code /test} for {@link TestEvents}), which may be broken on purpose.
 */
public final class ContractFields {

    /** The {@code ce_source} of the services' own records: their outbox's, {@code "/" + spring.application.name}. */
    static final Set<String> SERVICES = Set.of("/order-service", "/provisioning-service", "/challenge-service",
            "/notification-service");

    private ContractFields() {
    }

    /**
     * The fields the record's contract type says are never null and its data leaves out, as
     * {@code "ChallengeResult from /challenge-service at auth.challenge-result/0@12: outcome"}; nothing for a record
     * of another type or source.
     */
    public static List<String> missing(RecordedEvent event) {
        String source = event.headers().get("ce_source");
        if (event.data() == null || event.type() == null || !SERVICES.contains(source)) {
            return List.of();
        }
        return EventTypes.classOf(event.type()).map(type -> {
            List<String> missing = new ArrayList<>();
            collect(type, event.data(), "", missing);
            return missing.stream().map(field -> event.type() + " from " + source + " at " + event.topic() + "/"
                    + event.partition() + "@" + event.offset() + ": " + field).toList();
        }).orElse(List.of());
    }

    private static void collect(Class<?> record, JsonNode data, String path, List<String> missing) {
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode value = data.get(component.getName());
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            // a blank text is missing to the services' readers too (EventData): they dead-letter the event
            if (value == null || value.isNull()
                    || (component.getType() == String.class && value.isString() && value.asString().isBlank())) {
                if (!nullable) {
                    missing.add(path + component.getName());
                }
                continue;
            }
            Class<?> nested = recordOf(component);
            if (nested != null && value.isObject()) {
                collect(nested, value, path + component.getName() + ".", missing);
            } else if (nested != null && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    collect(nested, value.get(i), path + component.getName() + "[" + i + "].", missing);
                }
            }
        }
    }

    /** The record the component holds, itself or as the elements of a list. */
    private static @Nullable Class<?> recordOf(RecordComponent component) {
        if (component.getType().isRecord()) {
            return component.getType();
        }
        if (component.getGenericType() instanceof ParameterizedType list && List.class == list.getRawType()) {
            Type element = list.getActualTypeArguments()[0];
            return element instanceof Class<?> c && c.isRecord() ? c : null;
        }
        return null;
    }
}
