package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.messaging.outbox.AtCommit;
import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import io.extauth.messaging.outbox.OutboxCommitTransactionManager;
import io.extauth.testsupport.CuttingProxy;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private static int rows(String id) {
        return DIRECT.queryForObject("SELECT count(*) FROM cut_rows WHERE id = ?", Integer.class, id);
    }
}
