package io.extauth.messaging.outbox;

import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in commit order with the idempotent producer, then deletes what the broker acknowledged.
 * A crash between the two republishes with the same {@code ce_id}, which consumers' inboxes absorb. One relay at a
 * time per schema (a transaction-scoped advisory lock), so events of one user keep their order across instances.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration pollInterval;
    private final int batchSize;
    private volatile boolean running;
    private volatile Thread worker;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            Duration pollInterval, int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    public void wakeUp() {
        Thread current = worker;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    /** Publishes one batch; returns how many events went out. Public for tests that drive the relay by hand. */
    public int publishBatch() {
        Integer published = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))", Boolean.class);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Row> rows = jdbc.query("""
                    SELECT seq, event_id, topic, event_key, event_type, source, subject, occurred_at, data
                    FROM outbox ORDER BY seq LIMIT ?""",
                    (rs, n) -> new Row(rs.getLong("seq"), rs.getString("topic"), new OutgoingEvent(
                            rs.getString("event_id"), rs.getString("event_type"), rs.getString("source"),
                            rs.getTimestamp("occurred_at").toInstant(), rs.getString("subject"),
                            rs.getString("event_key"), rs.getString("data"))),
                    batchSize);
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sends.add(kafka.send(CloudEventCodec.toRecord(row.topic(), row.event())));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Broker did not acknowledge the outbox batch", e);
            }
            // exactly the rows published: a row of a lower seq whose transaction committed after the SELECT is not
            // in this batch, and a range delete (seq <= last) would remove it unpublished
            Long[] seqs = rows.stream().map(Row::seq).toArray(Long[]::new);
            jdbc.update(con -> {
                PreparedStatement delete = con.prepareStatement("DELETE FROM outbox WHERE seq = ANY (?)");
                delete.setArray(1, con.createArrayOf("bigint", seqs));
                return delete;
            });
            return rows.size();
        });
        return published == null ? 0 : published;
    }

    private void loop() {
        Duration backoff = pollInterval;
        while (running) {
            try {
                int published = publishBatch();
                backoff = pollInterval;
                if (published > 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                log.warn("Outbox relay failed, retrying in {}: {}", backoff, e.getMessage());
            }
            LockSupport.parkNanos(backoff.toNanos());
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop after the listener containers, start before them
        return Integer.MAX_VALUE - 200;
    }

    private record Row(long seq, String topic, OutgoingEvent event) {
    }
}
