package io.extauth.challenge.login.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** What is run again: a blip always; a commit whose outcome is unknown only where the work says it is safe. */
class DatabaseRetryUnitTest {

    private final DatabaseRetry retry = new DatabaseRetry(new DatabaseRetryProperties(3, Duration.ZERO));
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void aConnectionLostBeforeTheCommitIsRunAgain() {
        assertThat(retry.run("deciding", failingOnce(new DataAccessResourceFailureException("I/O error",
                lostConnection())))).isEqualTo("done");
        assertThat(runs).hasValue(2);
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownIsNotRunAgainButGoesToTheCaller() {
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException("JDBC commit", lostConnection());

        assertThatThrownBy(() -> retry.run("deciding", failingOnce(unknown))).isSameAs(unknown);
        assertThat(runs).as("a second run might do again what the first did").hasValue(1);
    }

    @Test
    void workSafeToRepeatIsRunAgainAfterACommitWhoseOutcomeIsUnknown() {
        assertThat(retry.runEvenAfterAnUnknownCommit("deciding NOT_DELIVERED", failingOnce(
                new CommitOutcomeUnknownException("JDBC commit", lostConnection())))).isEqualTo("done");
        assertThat(runs).hasValue(2);
    }

    private Supplier<String> failingOnce(RuntimeException failure) {
        return () -> {
            if (runs.incrementAndGet() == 1) {
                throw failure;
            }
            return "done";
        };
    }

    private static SQLException lostConnection() {
        return new SQLException("An I/O error occurred while sending to the backend.", "08006");
    }
}
