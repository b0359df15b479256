package io.extauth.messaging.consumer;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.ContractData;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.Reasons;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reading a record and checking it against the contract and the listener's handlers, in two ways. {@link #straight}
 * reads the data straight into the contract record and takes only records that pass every check; for any other it
 * answers null, and {@link #asBefore} — the way every record was read before issue 14: a {@code JsonNode} first, then
 * converted — reads it again and refuses it with exactly the exception and reason it always gave
 * ({@code RecordOutcomesUnitTest} pins them). A good record costs one parse; a bad one two.
 */
final class EventReading {

    /**
     * A record read and checked: its envelope, and its contract record with the registration that takes its type
     * (neither when the type is not this listener's business).
     */
    record Checked<E extends ExtauthEvent>(IncomingEvent incoming, @Nullable E event,
            EventHandlers.@Nullable Registration<E> registration) {

        static Checked<ExtauthEvent> notHandledHere(IncomingEvent incoming) {
            return new Checked<>(incoming, null, null);
        }

        /** The handler of the event's type here; null when the type is not this listener's business. */
        @Nullable EventHandler<E> handler() {
            return registration == null ? null : registration.handler();
        }
    }

    private EventReading() {
    }

    /** The checked record, when it passes every check on the straight path; null when it must be read as before. */
    static @Nullable Checked<?> straight(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        IncomingEvent incoming = CloudEventCodec.readAttributesOrNull(record);
        if (incoming == null || !record.topic().equals(EventTypes.topicOf(incoming.type()).orElse(null))) {
            return null;
        }
        byte[] value = record.value();
        EventHandlers.Registration<?> registration = handlers.forTypeOrNull(incoming.type());
        if (registration == null) {
            return ContractData.isObject(value) ? Checked.notHandledHere(incoming) : null;
        }
        return straight(record, incoming, value, registration);
    }

    private static <E extends ExtauthEvent> @Nullable Checked<E> straight(ConsumerRecord<String, byte[]> record,
            IncomingEvent incoming, byte[] value, EventHandlers.Registration<E> registration) {
        E event = ContractData.readOrNull(value, registration.type());
        if (event == null || !EventData.missingFields(event, null).isEmpty()
                || (record.key() != null && !record.key().equals(event.userId()))) {
            return null;
        }
        return new Checked<>(incoming, event, registration);
    }

    /** Reads and checks the record as before issue 14, throwing what was thrown then. */
    static Checked<?> asBefore(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        IncomingEvent incoming = CloudEventCodec.read(record);
        String topic = EventTypes.topicOf(incoming.type()).orElseThrow(() -> new InvalidEventException(
                "unknown event type '" + Reasons.echo(incoming.type()) + "' on " + record.topic()));
        if (!topic.equals(record.topic())) {
            throw new InvalidEventException(Reasons.echo(incoming.type()) + " travels on " + topic + ", not on "
                    + record.topic());
        }
        Optional<EventHandlers.Registration<?>> registration = handlers.forType(incoming.type());
        if (registration.isEmpty()) {
            return Checked.notHandledHere(incoming);
        }
        return asBefore(record, incoming, registration.get());
    }

    private static <E extends ExtauthEvent> Checked<E> asBefore(ConsumerRecord<String, byte[]> record,
            IncomingEvent incoming, EventHandlers.Registration<E> registration) {
        E event = EventData.convert(incoming.data(), registration.type());
        if (record.key() != null && !record.key().equals(event.userId())) {
            throw new InvalidEventException("record key '" + Reasons.echo(record.key()) + "' is not the event's userId");
        }
        return new Checked<>(incoming, event, registration);
    }
}
