package io.extauth.service.metrics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a gauge of work waiting in a table reads at each scrape: how many rows, and how old the oldest is. An
 * unreadable database reads as NaN, not as a made-up zero ({@code ExtauthDatabaseUnreadable} alerts on it). The
 * outbox's gauges and the services' own (provisioning-service's orders, notification-service's e-mails) read through
 * it.
 *
 * <p>A scrape never waits long for the database. Each read runs on a thread of its own and is given {@link #BUDGET};
 * past it the read is cancelled and the gauge reads NaN, and every read in the next {@link #QUIET} does too without
 * asking, so a scrape of a service with six such gauges waits about one budget, not six; while a read has not ended,
 * no other is queued behind it. The statement itself is bounded by
 * {@link #STATEMENT_TIMEOUT}. Before, a scrape asked the pool for a connection for each gauge on the scrape's own
 * (request) thread, and waited up to the pool's 30 s for each, or the socket timeout's 60 s for a silent database: the
 * scrape outlived Prometheus's 10 s timeout, {@code up} went to 0, and every series of the instance went with it,
 * HikariCP's that would have shown the cause among them.
 */
public final class BacklogReads implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BacklogReads.class);

    /** How long a scrape waits for one read: a healthy count of waiting rows takes milliseconds. */
    static final Duration BUDGET = Duration.ofSeconds(2);
    /** After a read outlived its budget, how long reads answer NaN without asking the database. */
    static final Duration QUIET = Duration.ofSeconds(10);
    /** The statement's own bound, so that a read left running does not hold its connection for ever. */
    static final int STATEMENT_TIMEOUT = 5;

    private final JdbcTemplate jdbc;
    private final Duration budget;
    private final Duration quiet;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "extauth-backlog-reads");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long quietUntil = System.nanoTime();
    /** A read runs on the reader's thread: set by the read itself, so a read cancelled before it began sets nothing. */
    private final AtomicBoolean reading = new AtomicBoolean();

    public BacklogReads(JdbcTemplate jdbc) {
        this(jdbc, BUDGET, QUIET);
    }

    BacklogReads(JdbcTemplate jdbc, Duration budget, Duration quiet) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(STATEMENT_TIMEOUT);
        this.budget = budget;
        this.quiet = quiet;
    }

    /** The count {@code countSql} returns (one row, one column), or NaN when the database does not answer in time. */
    public double rows(String countSql, Object... arguments) {
        return read(countSql, () -> {
            Long rows = jdbc.queryForObject(countSql, Long.class, arguments);
            return rows == null ? 0.0 : rows.doubleValue();
        });
    }

    /**
     * Seconds since the time {@code oldestSql} returns (one row, one column: a {@code min(...)}), 0 when it is null
     * (nothing waits), NaN when the database does not answer in time.
     */
    public double ageSeconds(Clock clock, String oldestSql, Object... arguments) {
        return read(oldestSql, () -> {
            Timestamp oldest = jdbc.queryForObject(oldestSql, Timestamp.class, arguments);
            return oldest == null ? 0.0 : Math.max(0, (clock.millis() - oldest.getTime()) / 1000.0);
        });
    }

    private double read(String sql, Callable<Double> query) {
        if (System.nanoTime() - quietUntil < 0) {
            return Double.NaN; // a read outlived its budget a moment ago: this scrape does not wait again
        }
        if (reading.get()) {
            // one not ended yet (also one cancelled: a driver blocked on its socket does not heed the interrupt):
            // none queues behind it, to be answered long after its scrape
            return Double.NaN;
        }
        Future<Double> current;
        try {
            current = reader.submit(() -> {
                reading.set(true);
                try {
                    return query.call();
                } finally {
                    reading.set(false);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            return Double.NaN;
        }
        try {
            return current.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            current.cancel(true); // the pool's wait for a connection ends on the interrupt
            quietUntil = System.nanoTime() + quiet.toNanos();
            log.debug("Backlog unreadable within {} ({}): reads answer NaN for {}", budget, sql, quiet);
            return Double.NaN;
        } catch (ExecutionException | CancellationException e) {
            log.debug("Backlog unreadable ({}): {}", sql, e.getCause() == null ? e : e.getCause().getMessage());
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    @Override
    public void destroy() {
        reader.shutdownNow();
    }
}
