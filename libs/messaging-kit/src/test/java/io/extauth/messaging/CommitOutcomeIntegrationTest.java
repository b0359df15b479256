package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.messaging.outbox.AtCommit;
import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import io.extauth.messaging.outbox.OutboxCommitTransactionManager;
import io.extauth.testsupport.CuttingProxy;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A connection lost once the commit was sent, before its answer, is told apart from one lost before it: the first is a
 * {@link CommitOutcomeUnknownException} (the transaction did commit here), the second an ordinary failure of a
 * transaction that committed nothing. Real pgjdbc and HikariCP, through a proxy that closes the connection when the
 * server answers the statement it waits for.
 */
class CommitOutcomeIntegrationTest {

    private static final JdbcTemplate DIRECT = new JdbcTemplate(EmbeddedPostgresDefault.shared().getPostgresDatabase());

    private CuttingProxy proxy;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;

    @BeforeAll
    static void table() {
        DIRECT.execute("CREATE TABLE IF NOT EXISTS cut_rows (id text PRIMARY KEY)");
        DIRECT.execute("CREATE TABLE IF NOT EXISTS cut_values (id text PRIMARY KEY, value bytea)");
    }

    @BeforeEach
    void throughTheProxy() throws IOException {
        proxy = CuttingProxy.toEmbeddedPostgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(proxy.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config); // a pool of the test's own: the driver sends its COMMIT as text
        jdbc = new JdbcTemplate(pool);
        transactions = new TransactionTemplate(new OutboxCommitTransactionManager(pool));
    }

    @AfterEach
    void close() throws IOException {
        pool.close();
        proxy.close();
    }

    @Test
    void aConnectionLostOnceTheCommitWasSentIsAnUnknownOutcomeAndTheTransactionDidCommit() {
        String id = "plain-" + UUID.randomUUID();
        proxy.cutOnceAfter("COMMIT");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id)))
                .isInstanceOf(CommitOutcomeUnknownException.class);

        assertThat(proxy.hasCut()).as("cut on the COMMIT's answer").isTrue();
        assertThat(rows(id)).as("committed, though the caller could not know").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).as("the pool opened a new connection").isEqualTo(1);
    }

    @Test
    void aConnectionLostOnTheStatementThatWritesAndCommitsIsAnUnknownOutcomeAndAllOfItCommitted() {
        String id = "combined-" + UUID.randomUUID();
        proxy.cutOnceAfter("COMMIT");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id + "/own");
            // left for the commit: INSERT …; COMMIT, one statement, as the outbox's rows are
            AtCommit.update(jdbc, "INSERT INTO cut_rows (id) VALUES (?)", id + "/at-commit");
        })).isInstanceOf(CommitOutcomeUnknownException.class);

        assertThat(proxy.hasCut()).isTrue();
        assertThat(rows(id + "/own")).isEqualTo(1);
        assertThat(rows(id + "/at-commit")).isEqualTo(1);
    }

    @Test
    void aConnectionLostBeforeTheCommitIsNoUnknownOutcomeAndNothingCommitted() {
        String id = "before-" + UUID.randomUUID();
        proxy.cutOnceAfter("INSERT INTO cut_rows");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id);
            jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id + "/second");
        })).isNotInstanceOf(CommitOutcomeUnknownException.class).satisfies(failure ->
                // the rollback on the lost connection fails too, and its exception carries the one that broke it
                assertThat(failure instanceof TransactionSystemException rollback ? rollback.getApplicationException()
                        : failure).as("what broke the transaction").isInstanceOf(DataAccessException.class));

        assertThat(proxy.hasCut()).isTrue();
        assertThat(rows(id)).as("the insert the server ran, rolled back with its connection").isZero();
    }

    @Test
    void aValueTheDriverCannotReadAtTheCommitIsNoUnknownOutcomeAndTheWholeTransactionIsRolledBack() {
        String id = "unreadable-" + UUID.randomUUID();
        // a stream that fails as the driver sends it: pgjdbc answers 22023 with the IOException beneath, on a
        // connection still open in the transaction. Taken for a lost connection, nothing rolled it back, and the
        // manager's clean-up (auto-commit back on, a commit to the driver) committed its first statement alone
        SqlTypeValue unreadable = (ps, index, sqlType, typeName) -> ps.setBinaryStream(index, new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the value's stream broke");
            }
        }, 16);

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id);
            AtCommit.update(jdbc, "INSERT INTO cut_values (id, value) VALUES (?, ?)", id, unreadable);
        })).isInstanceOf(DataAccessException.class).isNotInstanceOf(CommitOutcomeUnknownException.class)
                .hasRootCauseMessage("the value's stream broke");

        assertThat(rows(id)).as("the statement before the commit, rolled back with the rest").isZero();
        assertThat(DIRECT.queryForObject("SELECT count(*) FROM cut_values WHERE id = ?", Integer.class, id)).isZero();
    }

    @Test
    void aConnectionTakenForLostAtTheCommitIsAbortedSoNothingCanCommitItLater() {
        AtomicInteger backend = new AtomicInteger();
        String id = "aborted-" + UUID.randomUUID();

        // a server that answers the commit's statement as an ended session would (57P05), yet stays connected: the
        // outcome is unknown, there is no rollback, and the connection must not live on; HikariCP itself drops a
        // connection only on 08, 57P01..03 and 0A000, so without the abort it went back to the pool
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            backend.set(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
            jdbc.update("INSERT INTO cut_rows (id) VALUES (?)", id);
            AtCommit.update(jdbc, "DO $$ BEGIN RAISE EXCEPTION 'as if ended' USING ERRCODE = '57P05'; END $$");
        })).isInstanceOf(CommitOutcomeUnknownException.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DIRECT.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", Integer.class, backend.get()))
                .as("the session of the connection, ended").isZero());
        // (the rows are not asserted: the RAISE already aborted the transaction on the server, so nothing could
        // commit them, aborted connection or not; that the session ended and the pool's next is another is the proof)
        assertThat(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class)).as("the pool's next connection")
                .isNotEqualTo(backend.get());
    }

    private static int rows(String id) {
        return DIRECT.queryForObject("SELECT count(*) FROM cut_rows WHERE id = ?", Integer.class, id);
    }
}
