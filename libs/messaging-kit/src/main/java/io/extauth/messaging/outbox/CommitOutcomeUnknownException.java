package io.extauth.messaging.outbox;

import java.io.IOException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionSystemException;

/**
 * The connection to the database was lost while a transaction's commit was under way: its {@code COMMIT}, or the
 * statement that ends in it ({@link OutboxCommitTransactionManager}), was sent and no answer came back, so the
 * transaction may have committed. Nothing on this side can tell. Unlike a failure before the commit, which leaves
 * nothing done, this is no blip to run again blindly: read what the work would have changed first, or repeat only
 * work whose second run finds what a first one did.
 */
public class CommitOutcomeUnknownException extends TransactionSystemException {

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code failure}, raised while sending a commit, says the connection was lost rather than that the
     * database refused the commit: SQLState class 08 (connection exception) or PostgreSQL's 57P01..03 (terminated,
     * crashed, starting up). Not 08003, "connection does not exist": the driver and the pool say so before they send
     * anything on a connection already lost, whose transaction is gone with it.
     * <p>
     * An {@link IOException} underneath decides nothing under any other state: the driver's failure to read a value it
     * binds (22023, an I/O error of the value's stream) leaves the connection alive and the transaction open, to be
     * rolled back. Only where no exception above it carries a state at all (a driver that gives none) does an
     * {@link IOException} count as the connection lost.
     */
    static boolean connectionLost(@Nullable Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean stated = false;
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof IOException) {
                return !stated;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("08003")) {
                    return false;
                }
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
                stated = true;
            }
        }
        return false;
    }
}
