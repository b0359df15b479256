package io.extauth.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * A transaction's last statement, registered with the transaction, that {@link OutboxCommitTransactionManager} sends
 * together with the {@code COMMIT} (one round trip) when it commits: the outbox's rows ({@link JdbcOutbox}), the
 * relay's delete of the rows the broker acknowledged ({@link OutboxRelay}). Under any other transaction manager its
 * owner runs it as a statement of its own instead.
 */
interface StatementAtCommit extends TransactionSynchronization {

    /** The data source of the transaction it ends. */
    @Nullable DataSource dataSource();

    /** Whether it has anything to run; if none has, the manager commits as usual. */
    boolean pending();

    /** Runs it on the transaction's connection, {@code then} ({@code ";\nCOMMIT"} or nothing) appended. */
    void runWith(Connection con, String then) throws SQLException;
}
