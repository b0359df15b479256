package io.extauth.messaging.consumer;

import io.extauth.contract.ExtauthEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Which handler takes which event type on one listener; event types without a handler are not this one's business. */
public final class EventHandlers {

    record Registration<E extends ExtauthEvent>(Class<E> type, EventHandler<E> handler) {
    }

    private final Map<String, Registration<?>> byType = new HashMap<>();

    private EventHandlers() {
    }

    public static EventHandlers create() {
        return new EventHandlers();
    }

    public <E extends ExtauthEvent> EventHandlers on(Class<E> type, EventHandler<E> handler) {
        byType.put(type.getSimpleName(), new Registration<>(type, handler));
        return this;
    }

    Optional<Registration<?>> forType(String typeName) {
        return Optional.ofNullable(byType.get(typeName));
    }

    @Nullable Registration<?> forTypeOrNull(String typeName) {
        return byType.get(typeName);
    }
}
