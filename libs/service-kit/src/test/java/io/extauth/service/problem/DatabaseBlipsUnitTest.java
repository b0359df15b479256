package io.extauth.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseBlipsUnitTest {

    @Test
    void aLostConnectionNoConnectionASerializationFailureAndALockTimeoutAreBlips() {
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("I/O error", new SQLException(
                "An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(DatabaseBlips.isBlip(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("timed out")))).isTrue();
        assertThat(DatabaseBlips.isBlip(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(DatabaseBlips.isBlip(new PessimisticLockingFailureException("could not serialize"))).isTrue();
        assertThat(DatabaseBlips.isBlip(new CannotAcquireLockException("lock timeout"))).isTrue();
    }

    @Test
    void aServerThatTakesNoWritesNowOrIsOutOfResourcesIsABlip() {
        // a server failed over to a standby, or made read-only: Spring leaves 25006 uncategorised (until session 64 a
        // 500); disk full as the driver reports it, before any translation
        assertThat(DatabaseBlips.isBlip(new UncategorizedSQLException("insert", "INSERT INTO inbox …", new SQLException(
                "cannot execute INSERT in a read-only transaction", "25006")))).isTrue();
        assertThat(DatabaseBlips.isBlip(new SQLException("could not extend file: No space left on device", "53100")))
                .isTrue();
    }

    @Test
    void aRollbackThatFailedOnTheLostConnectionIsABlipWhateverItSaysItself() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("terminating connection due to "
                + "administrator command", new SQLException("FATAL", "57P01")));

        assertThat(DatabaseBlips.isBlip(rollback)).isTrue();
        assertThat(DatabaseBlips.isBlip(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed", "08003")))).isTrue();
    }

    @Test
    void aProgramLimitTheRequestsOwnValuesPassedIsNoBlipThoughSpringNamesItAResourceFailure() {
        // PostgreSQL's 54000 for an index row over its size: the same request fails alike every time
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("insert", new SQLException(
                "index row size 7032 exceeds btree version 4 maximum 2704", "54000")))).isFalse();
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("too many connections",
                new SQLException("sorry, too many clients already", "53300")))).isTrue();
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("no state said"))).isTrue();
        // the server's own failures, which Spring names resource failures too: its I/O error, a class-57 stop
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("select", new SQLException(
                "could not read block 7 in file \"base/5/1234\": read only 0 of 8192 bytes", "58030")))).isTrue();
        assertThat(DatabaseBlips.isBlip(new DataAccessResourceFailureException("select", new SQLException(
                "operator intervention", "57000")))).isTrue();
    }

    @Test
    void aLockTimeoutAsPostgresqlReportsItIsABlip() {
        assertThat(DatabaseBlips.isBlip(new UncategorizedSQLException("update", "UPDATE user_factor …",
                new SQLException("canceling statement due to lock timeout", "55P03")))).isTrue();
    }

    @Test
    void aConnectionLostOnceTheCommitWasSentIsNoBlipThoughItIsALostConnection() {
        assertThat(DatabaseBlips.isBlip(new CommitOutcomeUnknownException("JDBC commit", new SQLException(
                "An I/O error occurred while sending to the backend.", "08006")))).isFalse();
    }

    @Test
    void aRequestTheDatabaseRefusesIsNoBlip() {
        assertThat(DatabaseBlips.isBlip(new DuplicateKeyException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseBlips.isBlip(new BadSqlGrammarException("select", "SELECT nonsense",
                new SQLException("syntax error", "42601")))).isFalse();
        assertThat(DatabaseBlips.isBlip(new TransactionSystemException("commit failed"))).isFalse();
        assertThat(DatabaseBlips.isBlip(new IllegalStateException("a bug"))).isFalse();
    }
}
