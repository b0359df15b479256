package io.extauth.service.problem;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Failures that say the database gave way for a moment, not that the request was wrong: a lost connection (restart,
 * failover, a terminated backend), no connection to be had, a read-only or out-of-resources server, a serialization
 * failure, deadlock or lock timeout. The
 * transaction they broke was rolled back, so the request can simply be made again; they are answered with a 503 and
 * {@code Retry-After} (see {@link ProblemsAdvice}) and may be retried where the work is safe to repeat.
 * <p>
 * Not a connection lost once the commit was sent ({@link CommitOutcomeUnknownException}): that transaction may have
 * committed, and is no blip however it was lost.
 */
public final class DatabaseBlips {

    /** Seconds a caller is asked to wait before trying again: a PostgreSQL restart or failover takes about that. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /** A lock timeout ({@code lock_timeout}, {@code NOWAIT}): Spring leaves it uncategorised, and it passes. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private DatabaseBlips() {
    }

    public static boolean isBlip(@Nullable Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean resourceFailure = false;
        boolean programLimit = false;
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof CommitOutcomeUnknownException) {
                return false; // its cause is a lost connection, but not before the commit
            }
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException) {
                return true;
            }
            // a rollback on a connection that was lost fails too, and its exception replaces the one that broke it
            if (t instanceof TransactionSystemException rollback && isBlip(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if (gaveWay(sql.getSQLState())) {
                    return true;
                }
                programLimit |= sql.getSQLState().startsWith("54");
            }
            resourceFailure |= t instanceof DataAccessResourceFailureException;
        }
        // Spring names a resource failure for class 54 too, a program limit the request's own values passed (an index
        // row over 2,704 bytes): the same request fails alike every time, and "try again in 2 s" had a client loop on
        // it. The server's own (classes 57 and 58: an I/O error reading a block) stay blips
        return resourceFailure && !programLimit;
    }

    /**
     * SQL state class 08 (connection exception) and PostgreSQL's 57P01..03 (shut down, crashed, starting up); 25006, a
     * read-only transaction (a server that failed over to a standby, or was made read-only), and class 53, out of
     * resources (disk full, out of memory, too many connections): the statement failed and its transaction with it,
     * whatever the request was, as the listeners' {@code DatabaseUnavailable} judges them (until session 64 these two
     * answered a request 500, where they are the database's, for the moment).
     */
    private static boolean gaveWay(@Nullable String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0")
                || sqlState.equals("25006") || sqlState.startsWith("53") || sqlState.equals(LOCK_NOT_AVAILABLE));
    }
}
