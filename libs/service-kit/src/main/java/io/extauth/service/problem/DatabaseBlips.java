package io.extauth.service.problem;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Failures that say the database gave way for a moment, not that the request was wrong: a lost connection (restart,
 * failover, a terminated backend), no connection to be had, a serialization failure, deadlock or lock timeout. The
 * transaction they broke was rolled back, so the request can simply be made again; they are answered with a 503 and
 * {@code Retry-After} (see {@link ProblemsAdvice}) and may be retried where the work is safe to repeat.
 * <p>
 * Not a connection lost once the commit was sent ({@link CommitOutcomeUnknownException}): that transaction may have
 * committed, and is no blip however it was lost.
 */
public final class DatabaseBlips {

    /** Seconds a caller is asked to wait before trying again: a PostgreSQL restart or failover takes about that. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private DatabaseBlips() {
    }

    public static boolean isBlip(@Nullable Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof CommitOutcomeUnknownException) {
                return false; // its cause is a lost connection, but not before the commit
            }
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) {
                return true;
            }
            // a rollback on a connection that was lost fails too, and its exception replaces the one that broke it
            if (t instanceof TransactionSystemException rollback && isBlip(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql && connectionLost(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQL state class 08 (connection exception) and PostgreSQL's 57P01..03 (shut down, crashed, starting up). */
    private static boolean connectionLost(@Nullable String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
    }
}
