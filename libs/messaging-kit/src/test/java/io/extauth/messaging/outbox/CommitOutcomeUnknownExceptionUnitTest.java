package io.extauth.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures of a commit say the connection was lost (the commit may have happened) and which say the database or
 * the driver refused it on a connection still there: the SQLState decides, an {@link IOException} beneath it does not.
 */
class CommitOutcomeUnknownExceptionUnitTest {

    @Test
    void aValueTheDriverCouldNotReadIsNoLostConnectionThoughAnIoExceptionLiesBeneath() {
        // pgjdbc's "Unable to bind parameter values for statement.": the value's stream failed, the connection is fine
        SQLException bind = new SQLException("Unable to bind parameter values for statement.", "22023",
                new IOException("the stream broke"));

        assertThat(CommitOutcomeUnknownException.connectionLost(bind)).isFalse();
        assertThat(CommitOutcomeUnknownException.connectionLost(
                new UncategorizedSQLException("JDBC commit", null, bind))).as("as Spring hands it on").isFalse();
    }

    @Test
    void anIoErrorUnderAConnectionStateIsALostConnection() {
        assertThat(CommitOutcomeUnknownException.connectionLost(new SQLException(
                "An I/O error occurred while sending to the backend.", "08006", new SocketException("reset"))))
                .isTrue();
        assertThat(CommitOutcomeUnknownException.connectionLost(new TransactionSystemException("JDBC commit",
                new SQLException("Read timed out", "08006", new SocketTimeoutException())))).isTrue();
    }

    @Test
    void theServerEndingTheSessionIsALostConnection() {
        assertThat(CommitOutcomeUnknownException.connectionLost(new SQLException("terminating connection due to "
                + "administrator command", "57P01"))).isTrue();
    }

    @Test
    void aConnectionKnownClosedBeforeAnythingWasSentIsNone() {
        assertThat(CommitOutcomeUnknownException.connectionLost(new SQLException("This connection has been closed.",
                "08003", new IOException()))).isFalse();
    }

    @Test
    void aRefusedCommitIsNone() {
        assertThat(CommitOutcomeUnknownException.connectionLost(new SQLException("deferred constraint", "23505")))
                .isFalse();
    }

    @Test
    void anIoErrorWithNoStateAboveItStillCountsAsALostConnection() {
        // a driver that gives no state: the I/O error is all there is to go by
        assertThat(CommitOutcomeUnknownException.connectionLost(new SQLException("I/O error", (String) null,
                new SocketException("reset")))).isTrue();
    }
}
