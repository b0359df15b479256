package io.extauth.messaging.consumer;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the database, right after a record's failure, whether it answers and takes writes. Many failures that an
 * outage raises, a record can raise by itself against a healthy database: a connection lost (class 08) because its
 * own statement ran past the driver's socket timeout, a backend ended (57P01) because an operator stopped its
 * runaway query or crashed (57P02) by it, out of memory or temporary file space (53200, 53400) for its own query, a
 * read-only transaction (25006) that a bug opened. Judged by its SQLState alone, such a record would wait for the
 * database for ever, each attempt running the same statement again, and hold every partition of its consumer;
 * {@link DatabaseUnavailable} leaves those states to this probe, and the record waits only while the database does
 * not answer within {@value #BOUND_SECONDS} s or is a standby or read only.
 *
 * <p>Asked only on a failure. An answer that the database is unavailable is kept {@link #REMEMBERED}, so that a poll
 * of records failing in an outage, or every consumer of the service failing at once, asks once; an answer that it takes
 * writes is not kept: the first failures of an outage that begins just after would be taken for the records' own and
 * dead-lettered within their retries. At most one question is under way, on a thread of its own, so a database that
 * does not answer costs a consumer the bound, not the pool's connection timeout.
 */
public final class DatabaseProbe {

    static final int BOUND_SECONDS = 2;
    static final Duration REMEMBERED = Duration.ofSeconds(2);

    /** Whether the database now takes writes: not a standby, not read only. */
    static final String QUESTION =
            "SELECT NOT (pg_is_in_recovery() OR current_setting('transaction_read_only')::boolean)";

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final Callable<Boolean> question;
    private final long boundNanos;
    private final long rememberedNanos;
    private final LongSupplier nanoTime;

    private @Nullable CompletableFuture<Boolean> underWay;
    /** When the database was last found unavailable, while that is remembered. */
    private long unavailableAt;
    private boolean unavailable;

    /**
     * The probe of a service: {@link #QUESTION} on a new session, opened outside its pool with the pool's URL, user,
     * password and driver properties, and closed right after. Not on a session of the pool: a setting that only new
     * sessions take ({@code ALTER DATABASE|ROLE ... SET default_transaction_read_only = on}, an operator freezing
     * writes) or a multi-host URL that now leads to a standby fails the consumer's renewed connection while the pool's
     * oldest idle session still says it takes writes, and the record would be dead-lettered during the outage. A pool
     * that is not Hikari's, or names no URL, is asked on a connection of its own, twice if the first is dead.
     */
    public static DatabaseProbe of(DataSource dataSource) {
        HikariDataSource hikari = hikari(dataSource);
        if (hikari != null && hikari.getJdbcUrl() != null) {
            String url = hikari.getJdbcUrl();
            Properties settings = newSessionSettings(hikari);
            return new DatabaseProbe(() -> {
                try (Connection connection = DriverManager.getDriver(url).connect(url, settings)) {
                    if (connection == null) {
                        throw new SQLException("No driver takes " + url);
                    }
                    return askOn(connection);
                }
            });
        }
        return new DatabaseProbe(() -> {
            try {
                return askOn(dataSource);
            } catch (SQLException first) {
                log.debug("The database did not answer on a connection of the pool, asking on another: {}",
                        first.toString());
                return askOn(dataSource);
            }
        });
    }

    /** The pool's driver properties, user and password, with timeouts within the probe's bound. */
    static Properties newSessionSettings(HikariDataSource hikari) {
        Properties settings = new Properties();
        settings.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
            settings.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            settings.setProperty("password", hikari.getPassword());
        }
        // pgjdbc's, in seconds: reaching the server, logging in, and each answer
        for (String timeout : new String[] {"connectTimeout", "loginTimeout", "socketTimeout"}) {
            settings.setProperty(timeout, String.valueOf(BOUND_SECONDS));
        }
        return settings;
    }

    private static @Nullable HikariDataSource hikari(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean askOn(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return askOn(connection);
        }
    }

    private static boolean askOn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(BOUND_SECONDS);
            try (ResultSet result = statement.executeQuery(QUESTION)) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * A probe that asks {@code question}: true when the database answers and takes writes; false or an exception when
     * not.
     */
    public DatabaseProbe(Callable<Boolean> question) {
        this(question, Duration.ofSeconds(BOUND_SECONDS), REMEMBERED, System::nanoTime);
    }

    DatabaseProbe(Callable<Boolean> question, Duration bound, Duration remembered, LongSupplier nanoTime) {
        this.question = question;
        this.boundNanos = bound.toNanos();
        this.rememberedNanos = remembered.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Whether the database answered within the bound and takes writes. False when it did not answer in time, failed
     * to, is a standby or read only, or the asking thread was interrupted (a consumer being stopped: its record waits).
     */
    public boolean takesWrites() {
        CompletableFuture<Boolean> asked;
        synchronized (this) {
            if (unavailable && nanoTime.getAsLong() - unavailableAt < rememberedNanos) {
                return false;
            }
            if (underWay == null) {
                underWay = ask();
            }
            asked = underWay;
        }
        boolean takesWrites;
        try {
            takesWrites = asked.get(boundNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.debug("The database did not answer within {} ms", TimeUnit.NANOSECONDS.toMillis(boundNanos));
            takesWrites = false;
        } catch (ExecutionException e) {
            log.debug("The database could not be asked whether it takes writes: {}", String.valueOf(e.getCause()));
            takesWrites = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        remember(takesWrites);
        return takesWrites;
    }

    private CompletableFuture<Boolean> ask() {
        CompletableFuture<Boolean> asked = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Boolean takesWrites = null;
            Throwable failed = null;
            try {
                takesWrites = question.call();
            } catch (Throwable e) {
                failed = e;
            }
            // done before the answer is given, so that a failure after it asks anew
            synchronized (this) {
                underWay = null;
            }
            if (failed != null) {
                asked.completeExceptionally(failed);
            } else {
                asked.complete(Boolean.TRUE.equals(takesWrites));
            }
        }, "extauth-database-probe");
        thread.setDaemon(true);
        thread.start();
        return asked;
    }

    private synchronized void remember(boolean takesWrites) {
        unavailable = !takesWrites;
        unavailableAt = nanoTime.getAsLong();
    }
}
