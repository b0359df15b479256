package io.extauth.messaging.consumer;

import static io.extauth.messaging.consumer.DatabaseUnavailable.isUnavailable;
import static io.extauth.messaging.consumer.DatabaseUnavailable.says;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.consumer.DatabaseUnavailable.Says;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.CannotSerializeTransactionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseUnavailableUnitTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final DatabaseProbe writable = probe(true);
    private final DatabaseProbe readOnly = probe(false);

    @Test
    void noConnectionToBeHadAFullDiskAndTooManyConnectionsAreTheDatabasesWithoutAsking() {
        List<Exception> failures = List.of(
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request "
                                + "timed out after 30000ms")),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("request timed out", null, sql("Connection refused",
                                "08001"))),
                new DataAccessResourceFailureException("disk full", sql("could not extend file", "53100")),
                new DataAccessResourceFailureException("too many", sql("sorry, too many clients already", "53300")));

        for (Exception failure : failures) {
            assertThat(says(failure)).as(failure.toString()).isEqualTo(Says.DATABASE);
            assertThat(isUnavailable(failure, writable)).as(failure.toString()).isTrue();
        }
        assertThat(asked).as("a full disk still answers a SELECT: the database is not asked").hasValue(0);
    }

    @Test
    void whatARecordCanAlsoRaiseAgainstAHealthyDatabaseIsTheDatabasesOnlyIfItDoesNotTakeWrites() {
        List<Exception> failures = List.of(
                // its own statement past the socket timeout
                new DataAccessResourceFailureException("I/O error", sql("An I/O error occurred while sending to the "
                        + "backend.", "08006")),
                new DataAccessResourceFailureException("no connection, no state"),
                // its runaway query ended by an operator, or the backend crashed by it, or starting up
                new DataAccessResourceFailureException("terminating connection", sql("FATAL", "57P01")),
                new DataAccessResourceFailureException("crash", sql("FATAL", "57P02")),
                new DataAccessResourceFailureException("starting up", sql("FATAL", "57P03")),
                // its own query out of memory or temporary file space
                new DataAccessResourceFailureException("out of memory", sql("out of memory", "53200")),
                new DataAccessResourceFailureException("temp_file_limit", sql("temporary file size exceeds "
                        + "temp_file_limit", "53400")),
                new DataAccessResourceFailureException("insufficient resources", sql("insufficient", "53000")),
                // a standby, or a bug's read-only transaction
                new UncategorizedSQLException("insert", "INSERT INTO inbox …",
                        sql("cannot execute INSERT in a read-only transaction", "25006")));

        for (Exception failure : failures) {
            assertThat(says(failure)).as(failure.toString()).isEqualTo(Says.ASK);
            assertThat(isUnavailable(failure, writable)).as(failure.toString()).isFalse();
            assertThat(isUnavailable(failure, readOnly)).as(failure.toString()).isTrue();
        }
    }

    @Test
    void theFailureIsFoundUnderTheWrappersTheErrorHandlerSees() {
        var readOnlyInsert = new UncategorizedSQLException("insert", "INSERT", sql("read-only transaction", "25006"));

        assertThat(says(new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException("record 0 of the batch failed", readOnlyInsert, 0))))
                .isEqualTo(Says.ASK);
    }

    @Test
    void aRollbackThatFailedOnTheLostConnectionIsJudgedByTheFailureItReplaced() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("terminating connection due to "
                + "administrator command", sql("FATAL", "57P01")));
        TransactionSystemException diskFull = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        diskFull.initApplicationException(new DataAccessResourceFailureException("disk full",
                sql("could not extend file", "53100")));

        assertThat(says(rollback)).isEqualTo(Says.ASK);
        assertThat(says(diskFull)).isEqualTo(Says.DATABASE);
    }

    @Test
    void whatARecordCanCauseItselfIsItsOwnWithoutAsking() {
        List<Exception> failures = List.of(
                new CannotSerializeTransactionException("could not serialize", sql("could not serialize access",
                        "40001")),
                new DeadlockLoserDataAccessException("deadlock", sql("deadlock detected", "40P01")),
                new CannotAcquireLockException("lock timeout", sql("canceling statement due to lock timeout",
                        "55P03")),
                new DuplicateKeyException("duplicate key", sql("duplicate key", "23505")),
                new DataIntegrityViolationException("foreign key", sql("violates", "23503")),
                new QueryTimeoutException("statement timeout", sql("canceling statement due to statement timeout",
                        "57014")),
                new TransactionSystemException("commit failed", sql("could not serialize access", "40001")),
                // one statement's protocol violation, though of class 08
                new DataAccessResourceFailureException("protocol", sql("invalid message format", "08P01")),
                // a statement too large, though Spring calls it a resource failure
                new DataAccessResourceFailureException("index row size exceeds maximum",
                        sql("index row size 3000 exceeds btree version 4 maximum 2704", "54000")),
                new IllegalStateException("a bug"));

        for (Exception failure : failures) {
            assertThat(says(failure)).as(failure.toString()).isEqualTo(Says.RECORD);
            assertThat(isUnavailable(failure, readOnly)).as(failure.toString()).isFalse();
        }
        assertThat(isUnavailable(null, readOnly)).isFalse();
        assertThat(asked).hasValue(0);
    }

    private DatabaseProbe probe(boolean takesWrites) {
        return new DatabaseProbe(() -> {
            asked.incrementAndGet();
            return takesWrites;
        }, Duration.ofSeconds(5), Duration.ZERO, System::nanoTime);
    }

    private static SQLException sql(String message, String state) {
        return new SQLException(message, state);
    }
}
