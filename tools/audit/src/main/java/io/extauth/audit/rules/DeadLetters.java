package io.extauth.audit.rules;

import io.extauth.contract.events.OrderPlaced;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The dead letters of a history, looked up by the record they stand for. */
public final class DeadLetters {

    private final List<DeadLetter> all;
    private final Set<String> ids = new HashSet<>();
    private final Set<Position> originals = new HashSet<>();
    private final Set<String> orders = new HashSet<>();

    public DeadLetters(Collection<DeadLetter> deadLetters) {
        this.all = List.copyOf(deadLetters);
        for (DeadLetter letter : all) {
            if (letter.id() != null) {
                ids.add(letter.originalTopic() + "|" + letter.id());
            }
            if (letter.original() != null) {
                originals.add(letter.original());
            }
            if (letter.key() != null && letter.orderId() != null) {
                orders.add(letter.originalTopic() + "|" + letter.key() + "|" + letter.orderId());
            }
        }
    }

    public static DeadLetters none() {
        return new DeadLetters(List.of());
    }

    public List<DeadLetter> all() {
        return all;
    }

    /** Whether the event's record was dead-lettered: same event id, same original position, or same user and order. */
    public boolean covers(AuditEvent event) {
        String topic = event.position().topic();
        if (ids.contains(topic + "|" + event.id()) || originals.contains(event.position())) {
            return true;
        }
        return event.data() instanceof OrderPlaced order && order.orderId() != null
                && orders.contains(topic + "|" + order.userId() + "|" + order.orderId());
    }
}
