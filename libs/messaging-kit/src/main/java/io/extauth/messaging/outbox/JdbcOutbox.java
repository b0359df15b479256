package io.extauth.messaging.outbox;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.EventJson;
import io.extauth.messaging.tracing.EventTracing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox as a table in the service's own schema; a commit wakes the relay.
 *
 * <p>The events of one transaction are written together, with one statement just before it commits: a consumer that
 * handles a poll's records in one transaction publishes all their events in one round trip instead of one each. They
 * are still written inside the transaction (a failed write rolls the change back) and in the order they were
 * published, which is the order the relay sends them in.
 *
 * <p>Under the kit's {@link OutboxCommitTransactionManager} (every service's) that statement is also the commit: the
 * rows and {@code COMMIT} go to the database in one round trip, when the transaction manager commits, instead of an
 * insert before the commit and then the commit. Under any other transaction manager they are written just before the
 * commit, as a statement of their own.
 */
public class JdbcOutbox implements Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, occurred_at, data, traceparent)
            SELECT id::uuid, topic, event_key, event_type, ?, event_key, occurred_at::timestamptz, data, traceparent
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS events (id, topic, event_key, event_type, occurred_at, data, traceparent, n)
            ORDER BY n""";

    /**
     * One event, the same columns and values as a row of {@link #INSERT}: the text of the id and of the time read by
     * the same casts. Most transactions publish one event, and the arrays of the multi-row form (seven built by the
     * driver, each a type look-up and a text to write, and parsed again by the database) cost more than the row.
     */
    private static final String INSERT_ONE = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, occurred_at, data, traceparent)
            VALUES (?::uuid, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?)""";

    /** {@link #INSERT_ONE} of the row a {@link Change} changed: {@code %s} is the change's own statement. */
    private static final String CHANGE_AND_INSERT_ONE = """
            WITH changed AS (%s RETURNING 1)
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, occurred_at, data, traceparent)
            SELECT ?::uuid, ?, ?, ?, ?, ?, ?::timestamptz, ?, ? FROM changed LIMIT 1""";

    private final JdbcTemplate jdbc;
    /** Each change's statement with the insert: built once per statement, not per call. */
    private final Map<String, String> changeAndInsert = new ConcurrentHashMap<>();
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
        Row row = row(event);
        Pending pending = pendingOfThisTransaction();
        if (pending.written) {
            // published from another synchronization's beforeCommit that ran after ours: still inside the
            // transaction, so written now, in the same commit
            insert(List.of(row));
        } else {
            pending.rows.add(row);
        }
        return row.id();
    }

    @Override
    public boolean changeAndPublish(Change change, ExtauthEvent event) {
        Row row = row(event);
        String sql = changeAndInsert.computeIfAbsent(change.sql(), own -> CHANGE_AND_INSERT_ONE.formatted(own.strip()));
        boolean published = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) con -> {
            try (PreparedStatement statement = con.prepareStatement(sql)) {
                // the change's values as JdbcTemplate.update binds them
                new ArgumentPreparedStatementSetter(change.args()).setValues(statement);
                bind(statement, change.args().length + 1, List.of(row));
                return statement.executeUpdate() == 1;
            }
        }));
        if (published) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        relay.wakeUp();
                    }
                });
            } else {
                relay.wakeUp();
            }
        }
        return published;
    }

    private Row row(ExtauthEvent event) {
        return new Row(UUID.randomUUID().toString(), EventTypes.topicOf(event), event.userId(), event.eventType(),
                clock.instant().toString(), EventJson.write(event), tracing.currentTraceparent());
    }

    /**
     * The events this transaction published so far. Kept by the transaction's own synchronization, not a resource
     * bound to the thread: a transaction started inside it ({@code REQUIRES_NEW}) has its own and writes its own.
     */
    private Pending pendingOfThisTransaction() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending pending && pending.outbox() == this) {
                return pending;
            }
        }
        Pending pending = new Pending();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    private @Nullable DataSource dataSource() {
        return jdbc.getDataSource();
    }

    /** The rows' statement: one row's form, or the arrays' for several. */
    private static String sql(List<Row> rows) {
        return rows.size() == 1 ? INSERT_ONE : INSERT;
    }

    /** Binds the rows' values to {@link #sql}'s parameters, from {@code first} on; returns how many it bound. */
    private int bind(PreparedStatement insert, int first, List<Row> rows) throws SQLException {
        if (rows.size() == 1) {
            // all as text, as the arrays carry them
            Row row = rows.get(0);
            String[] values = {row.id(), row.topic(), row.key(), row.type(), source, row.key(), row.occurredAt(),
                row.data(), row.traceparent()};
            for (int i = 0; i < values.length; i++) {
                insert.setString(first + i, values[i]);
            }
            return values.length;
        }
        Connection con = insert.getConnection();
        insert.setString(first, source);
        insert.setArray(first + 1, texts(con, rows, Row::id));
        insert.setArray(first + 2, texts(con, rows, Row::topic));
        insert.setArray(first + 3, texts(con, rows, Row::key));
        insert.setArray(first + 4, texts(con, rows, Row::type));
        insert.setArray(first + 5, texts(con, rows, Row::occurredAt));
        insert.setArray(first + 6, texts(con, rows, Row::data));
        insert.setArray(first + 7, texts(con, rows, Row::traceparent));
        return 8;
    }

    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement insert = con.prepareStatement(sql(rows))) {
                bind(insert, 1, rows);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static java.sql.Array texts(Connection con, List<Row> rows,
            java.util.function.Function<Row, @Nullable String> column) throws SQLException {
        return con.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
    }

    /** One event waiting for its transaction's commit; {@code occurredAt} as ISO-8601, the database reads it. */
    private record Row(String id, String topic, String key, String type, String occurredAt, String data,
            @Nullable String traceparent) {
    }

    /**
     * The events of one transaction: written with its commit when its transaction manager runs the last statement
     * ({@link OutboxCommitTransactionManager}), else just before it commits; the relay is woken once it has.
     */
    private final class Pending implements StatementAtCommit {

        final List<Row> rows = new ArrayList<>();
        /** Set once the rows are written: a later event of the transaction is written at once. */
        boolean written;

        JdbcOutbox outbox() {
            return JdbcOutbox.this;
        }

        @Override
        public @Nullable DataSource dataSource() {
            return JdbcOutbox.this.dataSource();
        }

        @Override
        public boolean pending() {
            return !written && !rows.isEmpty();
        }

        @Override
        public String sql() {
            return JdbcOutbox.sql(rows);
        }

        @Override
        public int bind(PreparedStatement ps, int first) throws SQLException {
            return JdbcOutbox.this.bind(ps, first, rows);
        }

        @Override
        public void ran() {
            written = true;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (OutboxCommitTransactionManager.commitRunsLastStatement(dataSource())) {
                // an event published after this (another synchronization's beforeCommit) joins these rows
                return;
            }
            insert(rows);
            written = true;
        }

        @Override
        public void afterCommit() {
            relay.wakeUp();
        }
    }
}
