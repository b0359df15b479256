package io.extauth.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A service's transaction manager: Spring's {@link JdbcTransactionManager}, except that a transaction that published
 * events commits with the statement that writes them to the outbox (and the relay's transaction with the statement
 * that deletes the rows the broker acknowledged; and any transaction with the writes it left for its commit,
 * {@link AtCommit}: each a {@link StatementAtCommit}). Those statements and {@code COMMIT} are sent as one statement
 * ({@code INSERT INTO outbox …; COMMIT}), which PostgreSQL's driver sends whole before it reads an answer: one round
 * trip where there were two or more, on every transaction with events (a listener's batch, a worker's outcome, a
 * login's challenge and its decision).
 * <p>
 * Nothing else changes: the rows are still written inside the transaction, after every other statement of it and
 * after every synchronization's {@code beforeCommit} (an event published there joins them); a failed insert leaves the
 * {@code COMMIT} unrun (the database skips the rest of a statement after an error) and the transaction is rolled back
 * as a failed commit is; a failed {@code COMMIT} (a deferred constraint) commits nothing. The driver then knows the
 * transaction is over, so the manager's own commit sends nothing (it still runs, so the pool sees the connection
 * committed). A transaction with nothing left for its commit commits as before.
 * <p>
 * A connection lost once the commit was sent, its answer not come (the statement that ends in {@code COMMIT}, or the
 * {@code COMMIT} itself), is a {@link CommitOutcomeUnknownException}: the transaction may have committed. A
 * connection lost before, on any other statement of the transaction, leaves it rolled back for sure, as does every
 * failure of the commit the database answered.
 */
public class OutboxCommitTransactionManager extends JdbcTransactionManager {

    public OutboxCommitTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    /**
     * Whether the current transaction is one of this kind's on {@code dataSource} and its commit is still ahead: a
     * statement for the commit (the outbox's rows, the relay's delete, an {@link AtCommit} write) then waits for it
     * instead of being run before it. False once the commit's statement was sent (an {@code afterCommit} callback).
     */
    static boolean commitRunsLastStatement(@Nullable DataSource dataSource) {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof CommitRunsLastStatement marker && marker.dataSource == dataSource) {
                return !marker.sent;
            }
        }
        return false;
    }

    @Override
    protected void prepareSynchronization(DefaultTransactionStatus status, TransactionDefinition definition) {
        super.prepareSynchronization(status, definition);
        if (status.isNewSynchronization() && status.isNewTransaction()) {
            // suspended and resumed with the transaction's other synchronizations: an inner REQUIRES_NEW has its own
            TransactionSynchronizationManager.registerSynchronization(new CommitRunsLastStatement(obtainDataSource()));
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        ConnectionHolder holder = ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder();
        Connection con = holder.getConnection();
        try {
            runWithCommit(con);
        } catch (SQLException e) {
            if (CommitOutcomeUnknownException.connectionLost(e)) {
                throw outcomeUnknown(con, "JDBC commit with the statements left for it", e);
            }
            // the database refused it: a DataAccessException, never a TransactionException, so the manager then rolls
            // the transaction back (a failed insert leaves it open; after a failed COMMIT there is nothing left to
            // roll back), as it did when the rows were written before the commit
            DataAccessException translated = getExceptionTranslator().translate(
                    "JDBC commit with the statements left for it", null, e);
            throw translated != null ? translated
                    : new UncategorizedSQLException("JDBC commit with the statements left for it", null, e);
        }
        // after COMMIT has run the driver's commit sends nothing; it still clears the pool's record of the work
        try {
            super.doCommit(status);
        } catch (DataAccessException | TransactionSystemException e) {
            if (CommitOutcomeUnknownException.connectionLost(e)) {
                throw outcomeUnknown(con, "JDBC commit", e);
            }
            throw e;
        }
    }

    /**
     * The commit was sent and the connection lost before its answer: a {@link TransactionException}, which the
     * manager neither rolls back (there is no connection to do it on, and the commit may have happened) nor reports to
     * the synchronizations as rolled back; they hear {@code STATUS_UNKNOWN}. Its answer, a 503 that says the request
     * may have been done, is the service kit's.
     * <p>
     * The connection is aborted first (its socket closed, the pool drops it): should it be alive after all, with its
     * transaction open, nothing can commit that transaction later. Without a rollback, the manager's clean-up turns
     * auto-commit back on, which the driver does by committing: the transaction's earlier statements, without those
     * that failed with the commit. Aborted, the server rolls it back, and the clean-up's call fails on a closed
     * connection.
     */
    private static CommitOutcomeUnknownException outcomeUnknown(Connection con, String task, Exception cause) {
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException(task + ": the connection was lost "
                + "after the commit was sent; whether the transaction committed is not known", cause);
        try {
            con.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            unknown.addSuppressed(e);
        }
        return unknown;
    }

    /**
     * Runs the transaction's pending {@link StatementAtCommit}s on {@code dataSource} on its own connection, in the
     * order they were registered, and {@code COMMIT}, as one statement: one round trip (the driver sends a statement's
     * parts before it waits; it may wait before the next part behind one that answers with rows of variable width,
     * which none of the kit's do). If one fails, PostgreSQL skips the rest, {@code COMMIT} included. None pending:
     * nothing is sent.
     */
    private void runWithCommit(Connection con) throws SQLException {
        List<StatementAtCommit> pending = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof CommitRunsLastStatement marker && marker.dataSource == obtainDataSource()) {
                // what is left for the commit from here on (an afterCommit callback's) runs at once
                marker.sent = true;
            }
            if (synchronization instanceof StatementAtCommit statement && statement.dataSource() == obtainDataSource()
                    && statement.pending()) {
                pending.add(statement);
                // the semicolon on a line of its own: a statement that ends in a -- comment does not swallow it
                sql.append(statement.sql()).append("\n;\n");
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = con.prepareStatement(sql.append("COMMIT").toString())) {
            int parameter = 1;
            for (StatementAtCommit each : pending) {
                parameter += each.bind(statement, parameter);
            }
            // execute, not executeUpdate: a statement may answer with rows (one that checks what it changed)
            statement.execute();
        }
        pending.forEach(StatementAtCommit::ran);
    }

    /** Marks a transaction whose commit runs its last statements, until it has sent them. */
    private static final class CommitRunsLastStatement implements TransactionSynchronization {

        private final DataSource dataSource;
        private boolean sent;

        CommitRunsLastStatement(DataSource dataSource) {
            this.dataSource = dataSource;
        }
    }
}
