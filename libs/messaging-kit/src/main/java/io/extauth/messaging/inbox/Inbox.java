package io.extauth.messaging.inbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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
        return firstDelivery(consumer, eventId, eventType, null);
    }

    /**
     * Records the event, with its {@link EventDigest}, as handled by the consumer; {@code false} when its id already
     * was: a redelivery or replay, or another event under the same id ({@link #digestsOf} tells them apart).
     */
    public boolean firstDelivery(String consumer, String eventId, String eventType, byte @Nullable [] digest) {
        return jdbc.update("""
                INSERT INTO inbox (consumer, event_id, event_type, handled_at, digest) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", consumer, eventId, eventType, Timestamp.from(clock.instant()), digest) == 1;
    }

    /** One event of a batch: its id, type and {@link EventDigest} ({@code null}: none kept). */
    public record Delivery(String eventId, String eventType, byte @Nullable [] digest) {

        public Delivery(String eventId, String eventType) {
            this(eventId, eventType, null);
        }
    }

    /**
     * The digests recorded with these ids, handled by the consumer before; an id recorded without one, or not at all,
     * is not in the answer.
     */
    public Map<String, byte[]> digestsOf(String consumer, Collection<String> eventIds) {
        Map<String, byte[]> digests = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement select = con.prepareStatement("""
                    SELECT event_id, digest FROM inbox
                    WHERE consumer = ? AND event_id = ANY (?::text[]) AND digest IS NOT NULL""");
            select.setString(1, consumer);
            select.setArray(2, con.createArrayOf("text", eventIds.toArray(String[]::new)));
            return select;
        }, rs -> {
            digests.put(rs.getString(1), rs.getBytes(2));
        });
        return digests;
    }

    /**
     * Records a poll's events as handled by the consumer in one statement; returns the ids that were not recorded
     * before (by an earlier batch or in this one: an id twice in the list counts once), in a set the caller may change.
     * Same transaction rules as {@link #firstDelivery}. A poll of one event is {@link #firstDelivery}'s single-row
     * insert: no arrays to build and send, no {@code unnest} to plan (under a trickle most polls bring one record).
     */
    public Set<String> firstDeliveries(String consumer, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return new HashSet<>();
        }
        if (deliveries.size() == 1) {
            Delivery only = deliveries.get(0);
            Set<String> fresh = new HashSet<>();
            if (firstDelivery(consumer, only.eventId(), only.eventType(), only.digest())) {
                fresh.add(only.eventId());
            }
            return fresh;
        }
        // the first delivery of each id: a second copy in the batch is one more delivery of what the first records
        Map<String, Delivery> first = new LinkedHashMap<>();
        deliveries.forEach(delivery -> first.putIfAbsent(delivery.eventId(), delivery));
        String[] ids = new String[first.size()];
        String[] eventTypes = new String[ids.length];
        byte[][] digests = new byte[ids.length][];
        int i = 0;
        for (Delivery delivery : first.values()) {
            ids[i] = delivery.eventId();
            eventTypes[i] = delivery.eventType();
            digests[i++] = delivery.digest();
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<String> inserted = jdbc.query(con -> {
            PreparedStatement insert = con.prepareStatement("""
                    INSERT INTO inbox (consumer, event_id, event_type, handled_at, digest)
                    SELECT ?, id, type, ?, digest
                    FROM unnest(?::text[], ?::text[], ?::bytea[]) AS batch (id, type, digest)
                    ON CONFLICT DO NOTHING RETURNING event_id""");
            insert.setString(1, consumer);
            insert.setTimestamp(2, now);
            insert.setArray(3, con.createArrayOf("text", ids));
            insert.setArray(4, con.createArrayOf("text", eventTypes));
            insert.setArray(5, con.createArrayOf("bytea", digests));
            return insert;
        }, (rs, n) -> rs.getString(1));
        return new HashSet<>(inserted);
    }

    /** The database's clock: what the prune measures the rows' age against. */
    public Instant databaseNow() {
        return Objects.requireNonNull(jdbc.queryForObject("SELECT now()", Timestamp.class)).toInstant();
    }

    /**
     * Deletes up to {@code limit} rows handled before {@code cutoff}, in the caller's transaction; {@code -1}, and
     * nothing deleted, when another instance of the service is pruning its inbox (the lock this takes is the
     * transaction's, one per schema). An index on {@code handled_at} lets it find them without reading the table.
     */
    public int deleteHandledBefore(Instant cutoff, int limit) {
        Boolean ours = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.inbox'))",
                Boolean.class);
        if (!Boolean.TRUE.equals(ours)) {
            return -1;
        }
        return jdbc.update("""
                DELETE FROM inbox WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM inbox WHERE handled_at < ? LIMIT ?))""", Timestamp.from(cutoff), limit);
    }
}
