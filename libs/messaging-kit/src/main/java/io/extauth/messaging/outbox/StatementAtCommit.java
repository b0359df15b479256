package io.extauth.messaging.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * One of a transaction's last statements, registered with the transaction, that {@link OutboxCommitTransactionManager}
 * sends together with the others and the {@code COMMIT} (one round trip) when it commits: a write nothing later in the
 * transaction reads ({@link AtCommit}), the outbox's rows ({@link JdbcOutbox}), the relay's delete of the rows the
 * broker acknowledged ({@link OutboxRelay}). They run in the order they were registered. Under any other transaction
 * manager its owner runs it as a statement of its own instead.
 */
interface StatementAtCommit extends TransactionSynchronization {

    /** The data source of the transaction it ends. */
    @Nullable DataSource dataSource();

    /** Whether it has anything to run; if none has, the manager commits as usual. */
    boolean pending();

    /** Its SQL: one statement, or several separated by semicolons; no trailing semicolon. */
    String sql();

    /** Binds its values to {@code ps}, whose parameters from {@code first} on are its own; returns how many it bound. */
    int bind(PreparedStatement ps, int first) throws SQLException;

    /** Called once the statement that holds it has run: it is not pending any more. */
    void ran();
}
