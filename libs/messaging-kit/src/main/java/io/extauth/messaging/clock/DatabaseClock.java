package io.extauth.messaging.clock;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time every instance of every service decides by: this host's clock moved onto PostgreSQL's, the one clock all
 * instances read. Instances compare times that another instance wrote: a delivery's lease, a VIP check's reservation,
 * a challenge's {@code expires_at}, a lock's end, an order's {@code orderedAt}. On their hosts' clocks, a host 30 s
 * ahead expired another instance's Symantec challenge 30 s early (a strike the user did not earn), took over leases
 * still held (a second call) and ended locks early; on this clock it decides when the others do.
 *
 * <p>The correction is the database's {@code clock_timestamp()} less the middle of this host's time before and after
 * the query, from the fastest of {@link #SAMPLES} queries on one connection (its wait for a pooled connection not
 * timed), re-measured every {@link #REFRESH}. A measurement whose round trip took longer than
 * {@link #MAX_ROUND_TRIP} says more about the network than the clock and is not kept, and a correction moves only by
 * more than its measurement can tell (half the round trip), so the time does not jitter by the network's
 * microseconds. The first measurement is taken before the clock is handed out; until one succeeds (the database not
 * yet reachable) the clock is the host's, and it keeps its last correction while the database cannot be asked.
 * Reading it costs what the host clock's reading costs: the correction is a field.
 *
 * <p>A vendor callback's signature is judged by it too ({@link #realTime}): instances share the signatures they have
 * seen, and one that forgot a signature by a clock ahead let another accept it again. Left to the host's own clock, on
 * purpose: a bearer token's expiry (a time no other instance compares; the issuer's allowance covers small skews),
 * log lines and Kafka's record timestamps. Health's {@code clockSkew} still watches the host's clock for them.
 */
public final class DatabaseClock extends Clock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

    /** Queries per measurement; the one with the shortest round trip is kept. */
    static final int SAMPLES = 3;
    /** A host clock that steps (NTP, a VM resumed) is followed within this. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** A slower round trip could place the database's time anywhere within half of it: not kept. */
    static final Duration MAX_ROUND_TRIP = Duration.ofMillis(500);

    /** One measurement: the database's time less this host's, and the round trip it was read within. */
    public record Measured(Duration offset, Duration roundTrip) {

        boolean tellsApartFrom(Duration current) {
            return offset.minus(current).abs().compareTo(roundTrip.dividedBy(2)) > 0;
        }
    }

    /** How a measurement reads the database's time; tests give their own to play the network. */
    @FunctionalInterface
    interface Measurer {
        Measured measure(Clock host);
    }

    private final Clock host;
    private final Measurer measurer;
    private volatile Duration correction = Duration.ZERO;
    private volatile @Nullable Measured last;
    private final @Nullable ScheduledExecutorService refresher;

    private DatabaseClock(Clock host, Measurer measurer, @Nullable ScheduledExecutorService refresher) {
        this.host = host;
        this.measurer = measurer;
        this.refresher = refresher;
    }

    /**
     * Measures once now, then every {@link #REFRESH} on a daemon thread of its own ({@code extauth-database-clock})
     * until {@link #close()}.
     */
    public static DatabaseClock startedOn(DataSource database, Clock host) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "extauth-database-clock");
            thread.setDaemon(true);
            return thread;
        });
        DatabaseClock clock = new DatabaseClock(host, new Queries(database), refresher);
        clock.refresh();
        refresher.scheduleWithFixedDelay(clock::refresh, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        return clock;
    }

    /**
     * The real time as every instance agrees on it, for times compared with a party outside whose clock a test does
     * not move (a vendor's signature): {@code serviceClock} itself when it is a database clock; the host's otherwise
     * ({@code extauth.clock.source=host}, or a test's clock, which it moves past the vendor's).
     */
    public static Clock realTime(Clock serviceClock) {
        return serviceClock instanceof DatabaseClock ? serviceClock : Clock.systemUTC();
    }

    /** Measured only when {@link #refresh()} is called: for tests. */
    static DatabaseClock measuredBy(Measurer measurer, Clock host) {
        return new DatabaseClock(host, measurer, null);
    }

    /** Measures, and keeps the correction if the measurement can tell it; never throws. */
    void refresh() {
        Measured measured;
        try {
            measured = measurer.measure(host);
        } catch (RuntimeException e) {
            if (last == null) {
                log.warn("The database's clock could not be read ({}): deciding by this host's clock until it can be",
                        e.toString());
            } else {
                log.debug("The database's clock could not be read; the correction stays {} ms", correction.toMillis(),
                        e);
            }
            return;
        }
        if (measured.roundTrip().compareTo(MAX_ROUND_TRIP) > 0) {
            return;
        }
        boolean first = last == null;
        last = measured;
        if (first || measured.tellsApartFrom(correction)) {
            Duration before = correction;
            correction = measured.offset();
            if (first || before.minus(measured.offset()).abs().compareTo(Duration.ofMillis(100)) > 0) {
                log.info("Deciding by the database's clock: this host's is {} ms {} it (round trip {} ms)",
                        Math.abs(measured.offset().toMillis()), measured.offset().isNegative() ? "ahead of" : "behind",
                        measured.roundTrip().toMillis());
            }
        }
    }

    /** The correction added to this host's time (the database's less the host's), zero until first measured. */
    public Duration correction() {
        return correction;
    }

    /** The last measurement kept, if any. */
    public @Nullable Measured lastMeasured() {
        return last;
    }

    @Override
    public Instant instant() {
        return host.instant().plus(correction);
    }

    @Override
    public long millis() {
        return host.millis() + correction.toMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same corrected time in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        DatabaseClock corrected = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return corrected.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return corrected.withZone(other);
            }
        };
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "DatabaseClock[" + host + " + " + correction + "]";
    }

    /** {@link #SAMPLES} reads of {@code clock_timestamp()} on one connection, the statement's round trip timed. */
    private static final class Queries implements Measurer {

        private final JdbcTemplate jdbc;

        Queries(DataSource database) {
            this.jdbc = new JdbcTemplate(database);
            this.jdbc.setQueryTimeout(2);
        }

        @Override
        public Measured measure(Clock host) throws DataAccessException {
            return jdbc.execute((ConnectionCallback<Measured>) connection -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()")) {
                    statement.setQueryTimeout(2);
                    Measured best = null;
                    for (int i = 0; i < SAMPLES; i++) {
                        Measured sample = sample(statement, host);
                        if (best == null || sample.roundTrip().compareTo(best.roundTrip()) < 0) {
                            best = sample;
                        }
                    }
                    return best;
                }
            });
        }

        private static Measured sample(PreparedStatement statement, Clock host) throws SQLException {
            Instant before = host.instant();
            Timestamp database;
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                database = rows.getTimestamp(1);
            }
            Instant after = host.instant();
            Duration roundTrip = Duration.between(before, after);
            Instant middle = before.plus(roundTrip.dividedBy(2));
            return new Measured(Duration.between(middle, database.toInstant()), roundTrip);
        }
    }
}
