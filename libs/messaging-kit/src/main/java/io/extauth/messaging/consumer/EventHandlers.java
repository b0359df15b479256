package io.extauth.messaging.consumer;

import io.extauth.contract.ExtauthEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which handler takes which event type on one listener; event types without a handler are not this one's business,
 * and neither is an event its registration says does not concern it ({@link #on(Class, Predicate, EventHandler)}).
 */
public final class EventHandlers {

    record Registration<E extends ExtauthEvent>(Class<E> type, Predicate<? super E> concerns,
            EventHandler<E> handler) {
    }

    private static final Predicate<ExtauthEvent> EVERY_EVENT = event -> true;

    private final Map<String, Registration<?>> byType = new HashMap<>();

    private EventHandlers() {
    }

    public static EventHandlers create() {
        return new EventHandlers();
    }

    /** Every event of the type is handled, in one transaction with its inbox row. */
    public <E extends ExtauthEvent> EventHandlers on(Class<E> type, EventHandler<E> handler) {
        return on(type, EVERY_EVENT, handler);
    }

    /**
     * Only the events of the type that {@code concerns} accepts are handled; the others are read and checked like
     * every record (an invalid one is dead-lettered), then left alone: no transaction, no inbox row, no handler.
     * {@code concerns} must be a rule of the event alone (not of the database or the clock), so that every delivery
     * of an event gets the same answer: an event that does not concern the consumer has no effect on it, and applying
     * it zero times on each delivery is still applying its effect once.
     */
    public <E extends ExtauthEvent> EventHandlers on(Class<E> type, Predicate<? super E> concerns,
            EventHandler<E> handler) {
        byType.put(type.getSimpleName(), new Registration<>(type, concerns, handler));
        return this;
    }

    Optional<Registration<?>> forType(String typeName) {
        return Optional.ofNullable(byType.get(typeName));
    }

    @Nullable Registration<?> forTypeOrNull(String typeName) {
        return byType.get(typeName);
    }
}
