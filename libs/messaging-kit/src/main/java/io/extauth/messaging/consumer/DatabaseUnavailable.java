package io.extauth.messaging.consumer;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a consumer's failure means the database cannot take writes now, not that the record is bad. Every record
 * fails alike until an operator or a failover mends the database, so such a record is waited with, not
 * dead-lettered before it has waited {@code retry.database-wait} ({@link DeadLetters}).
 *
 * <p>Some failures say so by themselves ({@link Says#DATABASE}): no connection to be had (Spring's
 * {@link CannotGetJdbcConnectionException} and {@link CannotCreateTransactionException}, Hikari's
 * {@link SQLTransientConnectionException}: the record ran nothing), a full disk ({@code 53100}) and too many
 * connections ({@code 53300}). Those wait without asking: on a full disk the probe's {@code SELECT} still succeeds.
 *
 * <p>Others a record can raise by itself against a healthy database ({@link Says#ASK}): a connection lost (class 08,
 * a statement past the socket timeout), a backend ended or crashed (57P01..03: an operator's
 * {@code pg_terminate_backend} of a runaway query), out of memory or temporary file space ({@code 53200},
 * {@code 53400}, class 53's others), a read-only transaction ({@code 25006}: a standby after a failover, or a bug),
 * a resource failure without a state of its own. For those the {@link DatabaseProbe} asks the database: it is
 * unavailable only if it does not answer or takes no writes; else the failure is the record's.
 *
 * <p>The record's own ({@link Says#RECORD}): a protocol violation ({@code 08P01}, one statement's), serialization
 * failures, deadlocks, lock timeouts, constraint violations, statements too large (class 54) and everything else.
 * Those keep the bounded retries and then the dead letter.
 */
public final class DatabaseUnavailable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    /** What a failure says of the database by itself. */
    enum Says { RECORD, ASK, DATABASE }

    private static final Set<String> DATABASE_STATES = Set.of("53100", "53300");
    private static final Set<String> ASK_STATES = Set.of("57P01", "57P02", "57P03", "25006");
    private static final Set<String> ASK_CLASSES = Set.of("08", "53");
    private static final String PROTOCOL_VIOLATION = "08P01";

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure} means the database is unavailable, asking {@code probe} when the failure cannot tell. */
    public static boolean isUnavailable(@Nullable Throwable failure, DatabaseProbe probe) {
        return switch (says(failure)) {
            case RECORD -> false;
            case DATABASE -> true;
            case ASK -> {
                boolean takesWrites = probe.takesWrites();
                if (takesWrites) {
                    log.info("The database answers and takes writes: the failure is the record's own, retried and "
                            + "then dead-lettered: {}", DeadLetters.reason(failure));
                }
                yield !takesWrites;
            }
        };
    }

    static Says says(@Nullable Throwable failure) {
        return says(failure, new IdentityHashMap<>());
    }

    private static Says says(@Nullable Throwable failure, Map<Throwable, Boolean> seen) {
        Says says = Says.RECORD;
        boolean resourceFailure = false;
        boolean stated = false;
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException) {
                return Says.DATABASE;
            }
            // a rollback on a lost connection fails too, and its exception replaces the one that broke the work
            if (t instanceof TransactionSystemException rollback) {
                says = stronger(says, says(rollback.getApplicationException(), seen));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                says = stronger(says, of(sql.getSQLState()));
                stated = true;
            } else if (t instanceof SQLNonTransientConnectionException) {
                says = stronger(says, Says.ASK); // JDBC's class 08 without a state
            }
            resourceFailure |= t instanceof DataAccessResourceFailureException;
        }
        // Spring names a resource failure for class 54 too (a statement too large: the record's doing), so only one
        // that carries no SQLState of its own is asked about
        return resourceFailure && !stated ? stronger(says, Says.ASK) : says;
    }

    private static Says of(String state) {
        if (DATABASE_STATES.contains(state)) {
            return Says.DATABASE;
        }
        if (state.equals(PROTOCOL_VIOLATION)) {
            return Says.RECORD;
        }
        if (ASK_STATES.contains(state) || (state.length() >= 2 && ASK_CLASSES.contains(state.substring(0, 2)))) {
            return Says.ASK;
        }
        return Says.RECORD;
    }

    private static Says stronger(Says one, Says other) {
        return one.compareTo(other) >= 0 ? one : other;
    }
}
