package io.extauth.messaging.consumer;

import static io.extauth.messaging.consumer.DatabaseUnavailable.isUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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

    @Test
    void aLostConnectionAndNoConnectionToBeHadMeanTheDatabaseIsUnavailable() {
        assertThat(isUnavailable(new DataAccessResourceFailureException("I/O error",
                sql("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(isUnavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out "
                        + "after 30000ms")))).isTrue();
        assertThat(isUnavailable(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("request timed out", null, sql("Connection refused", "08001")))))
                .isTrue();
        assertThat(isUnavailable(new DataAccessResourceFailureException("no connection, no state"))).isTrue();
        for (String shutDownCrashedStartingUp : new String[] {"57P01", "57P02", "57P03"}) {
            assertThat(isUnavailable(new DataAccessResourceFailureException("terminating connection",
                    sql("FATAL", shutDownCrashedStartingUp)))).as(shutDownCrashedStartingUp).isTrue();
        }
    }

    @Test
    void aReadOnlyDatabaseAndADatabaseOutOfResourcesAreUnavailable() {
        assertThat(isUnavailable(new UncategorizedSQLException("insert", "INSERT INTO inbox …",
                sql("cannot execute INSERT in a read-only transaction", "25006")))).isTrue();
        for (String insufficientResources : new String[] {"53000", "53100", "53200", "53300"}) {
            assertThat(isUnavailable(new DataAccessResourceFailureException("insufficient resources",
                    sql("could not extend file", insufficientResources)))).as(insufficientResources).isTrue();
        }
    }

    @Test
    void theFailureIsFoundUnderTheWrappersTheErrorHandlerSees() {
        var readOnly = new UncategorizedSQLException("insert", "INSERT", sql("read-only transaction", "25006"));

        assertThat(isUnavailable(new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException("record 0 of the batch failed", readOnly, 0)))).isTrue();
    }

    @Test
    void aRollbackThatFailedOnTheLostConnectionIsUnavailableWhateverItSaysItself() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("terminating connection due to "
                + "administrator command", sql("FATAL", "57P01")));

        assertThat(isUnavailable(rollback)).isTrue();
    }

    @Test
    void whatARecordCanCauseItselfIsNotUnavailability() {
        assertThat(isUnavailable(new CannotSerializeTransactionException("could not serialize",
                sql("could not serialize access", "40001")))).isFalse();
        assertThat(isUnavailable(new DeadlockLoserDataAccessException("deadlock",
                sql("deadlock detected", "40P01")))).isFalse();
        assertThat(isUnavailable(new CannotAcquireLockException("lock timeout",
                sql("canceling statement due to lock timeout", "55P03")))).isFalse();
        assertThat(isUnavailable(new DuplicateKeyException("duplicate key", sql("duplicate key", "23505"))))
                .isFalse();
        assertThat(isUnavailable(new DataIntegrityViolationException("foreign key", sql("violates", "23503"))))
                .isFalse();
        assertThat(isUnavailable(new QueryTimeoutException("statement timeout",
                sql("canceling statement due to statement timeout", "57014")))).isFalse();
        assertThat(isUnavailable(new TransactionSystemException("commit failed",
                sql("could not serialize access", "40001")))).isFalse();
        assertThat(isUnavailable(new IllegalStateException("a bug"))).isFalse();
        assertThat(isUnavailable(null)).isFalse();
    }

    @Test
    void aStatementTooLargeIsTheRecordsDoingThoughSpringCallsItAResourceFailure() {
        assertThat(isUnavailable(new DataAccessResourceFailureException("index row size exceeds maximum",
                sql("index row size 3000 exceeds btree version 4 maximum 2704", "54000")))).isFalse();
    }

    private static SQLException sql(String message, String state) {
        return new SQLException(message, state);
    }
}
