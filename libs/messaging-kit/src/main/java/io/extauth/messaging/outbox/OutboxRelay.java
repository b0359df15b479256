package io.extauth.messaging.outbox;

import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import io.extauth.messaging.outbox.PartitionLanes.Lane;
import io.extauth.messaging.tracing.EventTracing;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in commit order with the idempotent producer, then deletes what the broker acknowledged.
 * A crash between the two republishes with the same {@code ce_id}, which consumers' inboxes absorb. One relay at a
 * time per schema (a transaction-scoped advisory lock), so events of one user keep their order across instances.
 *
 * <p>Order is kept per partition, not for the whole outbox: a partition whose records the broker has not acknowledged
 * within the ack timeout (its leader is gone) is set aside with its records, and so is every later event of a user
 * who has one waiting, while the other partitions keep flowing. Records still on their way are deleted when their
 * acknowledgement arrives; a partition whose send failed is tried again from its oldest row after a back-off.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How many rows one round reads past rows that wait for their partition, looking for rows that can go. */
    private static final int SCAN_PAGES = 20;
    /**
     * The schema's round lock (transaction-scoped), asked by a statement of its own before the outbox is read. Not in
     * the statement that reads it: a statement's snapshot is taken before it runs, so a scan that asked for the lock
     * itself could get it just after the previous holder committed, yet still see the rows that holder had published
     * and deleted, and publish them again (seen with two relays on one schema; {@code
     * OutboxRelayTwoRelaysIntegrationTest}). Asked first, the lock is held before the scan's snapshot is taken, and the
     * holder's commit, which PostgreSQL makes visible before it releases its locks, is in that snapshot. This rests on
     * READ COMMITTED, where each statement takes its own snapshot (the services' default): under REPEATABLE READ the
     * lock's statement would take the transaction's snapshot before the lock.
     */
    private static final String TRY_ROUND_LOCK =
            "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))";
    private static final String SCAN = """
            SELECT seq, event_id, topic, event_key, event_type, source, subject, occurred_at, data, traceparent
            FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration ackTimeout;
    /** Real time, not the service's clock: a test that moves the business clock must not move the back-off. */
    private final Clock clock = Clock.systemUTC();
    private final PartitionLanes lanes;
    /** Rows the broker acknowledged after their round stopped waiting: deleted at the start of the next round. */
    private final Set<Long> lateAcknowledged = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    /** Set by {@link #wakeUp}: a commit (or a late acknowledgement) since the loop's round began. */
    private volatile boolean woken;
    private volatile Thread worker;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            Duration pollInterval, int batchSize, Duration ackTimeout) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
        this.lanes = new PartitionLanes(pollInterval, MAX_BACKOFF);
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    public void wakeUp() {
        woken = true;
        Thread current = worker;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    /** Publishes one batch; returns how many events the broker acknowledged. Public for tests that drive the relay. */
    public int publishBatch() {
        return publishRound().published();
    }

    /**
     * What one round did: how many events the broker acknowledged, and the highest {@code seq} of the rows it looked
     * at (0 when it looked at none).
     */
    private record Round(int published, long lookedUpTo) {
    }

    private Round publishRound() {
        deleteLateAcknowledged();
        Round round = transactions.execute(status -> {
            Scan scan = rowsToSend();
            List<Row> rows = scan.chosen();
            if (rows.isEmpty()) {
                // the outbox had nothing to send, or another relay holds the lock and is sending it
                return new Round(0, scan.lookedUpTo());
            }
            Map<Row, CompletableFuture<?>> sends = new LinkedHashMap<>();
            for (Row row : rows) {
                sends.put(row, kafka.send(record(row)));
            }
            awaitAnswers(sends.values());
            List<Long> acknowledged = new ArrayList<>();
            sends.forEach((row, send) -> {
                if (!send.isDone()) {
                    lanes.awaiting(row.lane());
                    send.whenComplete((result, error) -> answeredLate(row, error == null));
                } else if (send.isCompletedExceptionally()) {
                    lanes.settled(row.lane(), false, clock.instant());
                    log.warn("Outbox relay: {} partition {} refused an event, retrying it", row.lane().topic(),
                            row.lane().partition());
                } else {
                    lanes.settled(row.lane(), true, clock.instant());
                    acknowledged.add(row.seq());
                }
            });
            deleteAtCommit(acknowledged);
            if (acknowledged.size() < rows.size()) {
                log.warn("Outbox relay: {} of {} events not acknowledged within {}; their partitions wait, the "
                        + "others go on", rows.size() - acknowledged.size(), rows.size(), ackTimeout);
            }
            return new Round(acknowledged.size(), scan.lookedUpTo());
        });
        return round == null ? new Round(0, 0) : round;
    }

    /**
     * Whether the outbox has a row past those a round looked at: a cheap question (one statement, no transaction, no
     * lock) asked after a round that published when no commit woke the relay meanwhile, instead of a whole round (a
     * transaction, the lock, the scan, the commit) that mostly finds nothing when events come one or a few at a
     * time; and, past 0, by a poll that no commit woke, whether the outbox has any row at all. A row of this instance
     * committed meanwhile below that point woke the relay (its permit ends the park at once); a row of another
     * instance is published at the latest at the next poll, as one committed while the relay waits always was.
     */
    private boolean anyRowAfter(long seq) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM outbox WHERE seq > ?)",
                Boolean.class, seq));
    }

    /** The rows a round chose to send, and the highest {@code seq} it looked at. */
    private record Scan(List<Row> chosen, long lookedUpTo) {
    }

    /**
     * Up to a batch of rows in seq order whose partition is open, skipping every later row of a user that has a row
     * waiting, and a user's rows for a second partition in the same round (they go once the first are acknowledged),
     * so that no event of a user overtakes an earlier one of the same user. None while another relay of the schema
     * holds the round's lock ({@link #TRY_ROUND_LOCK}).
     */
    private Scan rowsToSend() {
        // a prepared statement, as the scan's: the server keeps its plan once the driver prepares it there
        if (!Boolean.TRUE.equals(jdbc.query(con -> con.prepareStatement(TRY_ROUND_LOCK),
                rs -> rs.next() && rs.getBoolean(1)))) {
            return new Scan(List.of(), 0);
        }
        List<Row> chosen = new ArrayList<>();
        Set<String> heldKeys = new HashSet<>();
        Map<String, Lane> laneOfKey = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        long after = 0;
        for (int page = 0; page < SCAN_PAGES && chosen.size() < batchSize; page++) {
            List<Row> rows = jdbc.query(SCAN,
                    (rs, n) -> new Row(rs.getLong("seq"), lane(rs.getString("topic"), rs.getString("event_key"),
                            partitions), new OutgoingEvent(rs.getString("event_id"), rs.getString("event_type"),
                            rs.getString("source"), rs.getTimestamp("occurred_at").toInstant(),
                            rs.getString("subject"), rs.getString("event_key"), rs.getString("data")),
                            rs.getString("traceparent")),
                    after, batchSize);
            for (Row row : rows) {
                after = row.seq();
                String key = row.event().key();
                if (lateAcknowledged.contains(row.seq()) || heldKeys.contains(key)) {
                    continue;
                }
                Lane first = laneOfKey.putIfAbsent(key, row.lane());
                if (!lanes.isOpen(row.lane(), clock.instant()) || first != null && !first.equals(row.lane())) {
                    heldKeys.add(key);
                    continue;
                }
                chosen.add(row);
                if (chosen.size() == batchSize) {
                    break;
                }
            }
            if (rows.size() < batchSize) {
                break;
            }
        }
        return new Scan(chosen, after);
    }

    /** The event's CloudEvents record, with the {@code traceparent} of the transaction that wrote it. */
    private static ProducerRecord<String, byte[]> record(Row row) {
        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(row.lane().topic(), row.event());
        if (row.traceparent() != null) {
            record.headers().add(EventTracing.TRACEPARENT, row.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** The partition the producer's default partitioner picks for the key: murmur2 of its UTF-8 bytes. */
    private Lane lane(String topic, String key, Map<String, Integer> partitions) {
        int count = partitions.computeIfAbsent(topic, t -> kafka.partitionsFor(t).size());
        return new Lane(topic, Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count);
    }

    private void awaitAnswers(Collection<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // each send is looked at on its own: what was acknowledged is deleted, the rest waits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answeredLate(Row row, boolean acknowledged) {
        if (acknowledged) {
            // remembered before the partition opens, so the next round neither resends nor waits for the row
            lateAcknowledged.add(row.seq());
        }
        lanes.answered(row.lane(), acknowledged, clock.instant());
        if (!acknowledged) {
            log.warn("Outbox relay: {} partition {} did not take an event, retrying it", row.lane().topic(),
                    row.lane().partition());
        }
        wakeUp();
    }

    private void deleteLateAcknowledged() {
        List<Long> seqs = List.copyOf(lateAcknowledged);
        delete(seqs);
        seqs.forEach(lateAcknowledged::remove);
    }

    /**
     * Deletes the acknowledged rows as the round's transaction's last statement: under the services' transaction
     * manager in the same round trip as its {@code COMMIT} ({@link StatementAtCommit}), else now.
     */
    private void deleteAtCommit(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        if (OutboxCommitTransactionManager.commitRunsLastStatement(jdbc.getDataSource())) {
            TransactionSynchronizationManager.registerSynchronization(new AcknowledgedRows(seqs));
        } else {
            delete(seqs);
        }
    }

    // exactly the rows acknowledged: a row of a lower seq whose transaction committed after the SELECT is not among
    // them, and a range delete (seq <= last) would remove it unpublished
    private void delete(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement delete = con.prepareStatement(deleteSql(seqs));
            bindDelete(delete, 1, seqs);
            return delete;
        });
    }

    private static String deleteSql(List<Long> seqs) {
        // a lone event, as most rounds are under a steady flow: no SQL array to build (a type look-up each)
        return seqs.size() == 1 ? "DELETE FROM outbox WHERE seq = ?" : "DELETE FROM outbox WHERE seq = ANY (?)";
    }

    private static void bindDelete(PreparedStatement delete, int parameter, List<Long> seqs) throws SQLException {
        if (seqs.size() == 1) {
            delete.setLong(parameter, seqs.get(0));
        } else {
            delete.setArray(parameter, delete.getConnection().createArrayOf("bigint", seqs.toArray(Long[]::new)));
        }
    }

    /** The rows a round's broker acknowledged, deleted by the statement that commits the round. */
    private final class AcknowledgedRows implements StatementAtCommit {

        private final List<Long> seqs;
        private boolean deleted;

        AcknowledgedRows(List<Long> seqs) {
            this.seqs = List.copyOf(seqs);
        }

        @Override
        public @Nullable DataSource dataSource() {
            return jdbc.getDataSource();
        }

        @Override
        public boolean pending() {
            return !deleted;
        }

        @Override
        public String sql() {
            return deleteSql(seqs);
        }

        @Override
        public int bind(PreparedStatement ps, int first) throws SQLException {
            bindDelete(ps, first, seqs);
            return 1;
        }

        @Override
        public void ran() {
            deleted = true;
        }
    }

    private void loop() {
        Duration backoff = pollInterval;
        // the first round runs whole: rows may be left from before a restart
        boolean byTimer = false;
        while (running) {
            try {
                woken = false;
                if (byTimer && lateAcknowledged.isEmpty() && !anyRowAfter(0)) {
                    // a poll that no commit woke finds the outbox empty, as it is at rest: one statement, no round
                    backoff = pollInterval;
                } else {
                    Round round = publishRound();
                    backoff = pollInterval;
                    // woken meanwhile: more came, go on at once (as under a steady flow); else ask before a whole round
                    if (round.published() > 0 && (woken || anyRowAfter(round.lookedUpTo()))) {
                        byTimer = false;
                        continue;
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                log.warn("Outbox relay failed, retrying in {}: {}", backoff, e.getMessage());
            }
            LockSupport.parkNanos(backoff.toNanos());
            // a commit of this instance (or a late acknowledgement) since the round began sets it before it unparks
            byTimer = !woken;
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

    private record Row(long seq, Lane lane, OutgoingEvent event, @Nullable String traceparent) {
    }
}
