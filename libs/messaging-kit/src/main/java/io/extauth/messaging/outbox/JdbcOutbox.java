package io.extauth.messaging.outbox;

import tools.jackson.core.JacksonException;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.tracing.EventTracing;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The outbox as a table in the service's own schema; a commit wakes the relay. */
public class JdbcOutbox implements Outbox {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String source;
    private final OutboxRelay relay;
    private final EventTracing tracing;

    public JdbcOutbox(JdbcTemplate jdbc, Clock clock, String source, OutboxRelay relay, EventTracing tracing) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.source = source;
        this.relay = relay;
        this.tracing = tracing;
    }

    @Override
    public String publish(ExtauthEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.publish needs a transaction: the event must commit with its change");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, occurred_at, data,
                                    traceparent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, EventTypes.topicOf(event), event.userId(), event.eventType(), source, event.userId(),
                Timestamp.from(now), json(event), tracing.currentTraceparent());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return id.toString();
    }

    private static String json(ExtauthEvent event) {
        try {
            return ContractJson.mapper().writeValueAsString(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + event.eventType(), e);
        }
    }
}
