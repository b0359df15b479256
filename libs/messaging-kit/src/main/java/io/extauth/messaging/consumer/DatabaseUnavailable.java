package io.extauth.messaging.consumer;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Failures that say the database cannot take any write now, not that the record is bad: the connection was lost or
 * none can be had (SQLState class 08, PostgreSQL's 57P01..03 shut down, crashed, starting up; no connection from the
 * pool: Spring's {@link CannotGetJdbcConnectionException} and {@link CannotCreateTransactionException}, Hikari's
 * {@link SQLTransientConnectionException}), the database is read only ({@code 25006}: a standby, as after a failover
 * that left the service on the old primary) or out of resources (class 53: disk full, out of memory, too many
 * connections). Every record fails alike until an operator or the failover mends it, so such a record is waited
 * with, never dead-lettered ({@link DeadLetters}).
 *
 * <p>Deliberately not: serialization failures, deadlocks, lock timeouts, constraint violations, statements too large
 * (class 54). A record can cause those itself, so they keep the bounded retries and then the dead letter.
 */
public final class DatabaseUnavailable {

    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "25006");
    private static final Set<String> CLASSES = Set.of("08", "53");

    private DatabaseUnavailable() {
    }

    public static boolean isUnavailable(@Nullable Throwable failure) {
        return isUnavailable(failure, new IdentityHashMap<>());
    }

    private static boolean isUnavailable(@Nullable Throwable failure, Map<Throwable, Boolean> seen) {
        boolean resourceFailure = false;
        boolean stated = false;
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // a rollback on a lost connection fails too, and its exception replaces the one that broke the work
            if (t instanceof TransactionSystemException rollback
                    && isUnavailable(rollback.getApplicationException(), seen)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (STATES.contains(state) || (state.length() >= 2 && CLASSES.contains(state.substring(0, 2)))) {
                    return true;
                }
                stated = true;
            }
            resourceFailure |= t instanceof DataAccessResourceFailureException;
        }
        // Spring names a resource failure for class 54 too (a statement too large: the record's doing), so only one
        // that carries no SQLState of its own counts
        return resourceFailure && !stated;
    }
}
