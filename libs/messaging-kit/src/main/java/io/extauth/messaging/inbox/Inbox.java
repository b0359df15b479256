package io.extauth.messaging.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;

/** The idempotent consumer's memory: which event ids each consumer has handled, in the handler's transaction. */
public class Inbox {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Inbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the event as handled by the consumer; {@code false} when it already was (a redelivery or replay). */
    public boolean firstDelivery(String consumer, String eventId, String eventType) {
        return jdbc.update("""
                INSERT INTO inbox (consumer, event_id, event_type, handled_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", consumer, eventId, eventType, Timestamp.from(clock.instant())) == 1;
    }
}
