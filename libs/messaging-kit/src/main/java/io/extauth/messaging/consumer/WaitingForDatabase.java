package io.extauth.messaging.consumer;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * A record failed because the database is unavailable ({@link DatabaseUnavailable}): the error handler waits with it
 * ({@link DatabaseWait}), dead-letters it only once it has waited {@code retry.database-wait}. A record that failed by itself is a {@link RecordFailed}.
 *
 * <p>The verdict is the class because spring-kafka chooses a record's back-off at its first failure and again only
 * when the class of its failure changes: a record that waited for the database and then fails by itself must get its
 * bounded retries, and one that failed by itself and then meets an outage must wait, whatever the database's own
 * exceptions were (a read-only database and a bug's {@code RAISE} are both Spring's
 * {@code UncategorizedSQLException}). Thrown by a record taken alone ({@link InboundEvents}) and by a batch
 * ({@link BatchedInbound}), where the index names the record in the poll; a record listener reads no index.
 */
final class WaitingForDatabase extends BatchListenerFailedException {

    WaitingForDatabase(String message, Throwable cause, int index) {
        super(message, cause, index);
    }
}
