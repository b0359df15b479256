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
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time every instance of every service decides by: PostgreSQL's, the one clock all instances read. Instances
 * compare times that another instance wrote: a delivery's lease, a VIP check's reservation, a challenge's
 * {@code expires_at}, a lock's end, an order's {@code orderedAt}, a seen callback signature. On their hosts' clocks,
 * a host 30 s ahead expired another instance's Symantec challenge 30 s early (a strike the user did not earn), took
 * over leases still held (a second call) and ended locks early; on this clock it decides when the others do.
 *
 * <p>The time is the database's {@code clock_timestamp()} as last read, plus what this JVM's monotonic clock ({@link
 * System#nanoTime}) has counted since: a step of this host's wall clock (NTP) does not move it at all. A suspended
 * host's monotonic clock stops, so a wall clock that ran further than the monotonic one brings a reading within a
 * second ({@link #checkSuspended}). Reading it costs a monotonic clock's read and one {@code Instant}. The reading is
 * the fastest of {@link #SAMPLES} queries on one connection (its wait for a pooled connection not timed), placed at the
 * middle of its round trip, re-read every {@link #REFRESH}. A reading that agrees with the time already followed within
 * half its round trip (all it can tell) changes nothing, so the time does not jitter with the network; one whose round
 * trip took longer than {@link #MAX_ROUND_TRIP} is followed only when it disagrees by more than its whole round trip
 * ({@link #refresh}). A precise one that disagrees by more is followed at once: the monotonic clock drifted by more than a
 * reading can tell, or the database's clock stepped (a failover to a standby whose clock differs, an NTP step of the
 * database host). Then every instance follows the step at its next reading, within {@link #REFRESH} of each other, and
 * times already written (a lease, a lock's end) come that much earlier or later; a step of more than a second is
 * logged. Until the first reading succeeds (the database not reachable at start) the time is this host's wall clock;
 * while the database cannot be asked the last reading goes on.
 *
 * <p>A vendor callback's signature is judged by it too ({@link #realTime}): instances share the signatures they have
 * seen, and one that forgot a signature by a clock ahead let another accept it again. Left to the host's own clock, on
 * purpose: a bearer token's expiry (a time no other instance compares; the issuer's allowance covers small skews),
 * log lines and Kafka's record timestamps. Health's {@code clockSkew} still watches the host's clock for them.
 */
public final class DatabaseClock extends Clock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

    /** Queries per reading; the one with the shortest round trip is kept. */
    static final int SAMPLES = 3;
    /** A step of the database's clock is followed within this; the monotonic clock's drift is checked this often. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** A slower round trip could place the database's time anywhere within half of it: not kept. */
    static final Duration MAX_ROUND_TRIP = Duration.ofMillis(500);
    /** How often the refresher compares the wall clock's run with the monotonic clock's. */
    static final Duration SUSPEND_CHECK = Duration.ofSeconds(1);
    /** A reading this far from the time followed is a step of a clock: logged. */
    static final Duration STEP = Duration.ofSeconds(1);
    /** A reading dropped for its round trip is logged at most this often. */
    private static final Duration SLOW_READINGS_LINE = Duration.ofMinutes(10);

    /**
     * One reading: the database's time, where it falls on this JVM's monotonic clock (the middle of the round trip),
     * the round trip, and how far this host's wall clock was from it (the database's less the host's).
     */
    public record Reading(Instant database, long nanos, Duration roundTrip, Duration hostOffset) {
    }

    /** How a reading is taken; tests give their own to play the database and the network. */
    @FunctionalInterface
    interface Reader {
        Reading read(Clock host, LongSupplier nanos);
    }

    private final Clock host;
    private final LongSupplier nanos;
    private final Reader reader;
    /** The reading the time is counted from; {@code null} until one is kept. */
    private volatile @Nullable Reading followed;
    private volatile @Nullable Reading last;
    private long slowLineAt = Long.MIN_VALUE;
    /**
     * This host's wall clock and monotonic clock at the last reading tried, taken together: a wall clock that ran
     * further than the monotonic one since says the host was suspended ({@link #checkSuspended}). Refresher thread
     * only (the first reading runs before the refresher is scheduled).
     */
    private long wallAtTry;
    private long nanosAtTry;
    private final @Nullable ScheduledExecutorService refresher;

    private DatabaseClock(Clock host, LongSupplier nanos, Reader reader,
            @Nullable ScheduledExecutorService refresher) {
        this.host = host;
        this.nanos = nanos;
        this.reader = reader;
        this.refresher = refresher;
    }

    /**
     * Reads the database's time once now, then every {@link #REFRESH} on a daemon thread of its own
     * ({@code extauth-database-clock}) until {@link #close()}. {@code host}: the wall clock used before the first
     * reading and reported against the database's in {@link Reading#hostOffset()}.
     */
    public static DatabaseClock startedOn(DataSource database, Clock host) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "extauth-database-clock");
            thread.setDaemon(true);
            return thread;
        });
        DatabaseClock clock = new DatabaseClock(host, System::nanoTime, new Queries(database), refresher);
        clock.refresh();
        refresher.scheduleWithFixedDelay(clock::refresh, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        refresher.scheduleWithFixedDelay(clock::checkSuspended, SUSPEND_CHECK.toMillis(), SUSPEND_CHECK.toMillis(),
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

    /** Read only when {@link #refresh()} or {@link #checkSuspended()} is called: for tests. */
    static DatabaseClock readBy(Reader reader, Clock host, LongSupplier nanos) {
        return new DatabaseClock(host, nanos, reader, null);
    }

    /**
     * Takes a reading, and follows it if it tells the time followed (the host's, before the first) was off by more
     * than the reading itself can be: half its round trip for a reading within {@link #MAX_ROUND_TRIP}, the whole
     * round trip for a slower one (so a slow reading still corrects a host clock hours off, and a step of the
     * database's, but never makes a better time worse). Never throws.
     */
    void refresh() {
        Reading reading;
        wallAtTry = epochNanos(host.instant());
        nanosAtTry = nanos.getAsLong();
        try {
            reading = reader.read(host, nanos);
        } catch (RuntimeException e) {
            if (followed == null) {
                log.warn("The database's clock could not be read ({}): deciding by this host's clock until it can be",
                        e.toString());
            } else {
                log.debug("The database's clock could not be read; the last reading goes on", e);
            }
            return;
        }
        last = reading;
        Reading current = followed;
        Duration off = current == null ? reading.hostOffset()
                : Duration.between(timeAt(current, reading.nanos()), reading.database());
        boolean precise = reading.roundTrip().compareTo(MAX_ROUND_TRIP) <= 0;
        Duration tells = precise ? reading.roundTrip().dividedBy(2) : reading.roundTrip();
        if ((current == null && precise) || off.abs().compareTo(tells) > 0) {
            followed = reading;
            if (current == null) {
                log.info("Deciding by the database's clock: this host's is {} ms {} it (round trip {} ms)",
                        Math.abs(reading.hostOffset().toMillis()),
                        reading.hostOffset().isNegative() ? "ahead of" : "behind", reading.roundTrip().toMillis());
            } else if (off.abs().compareTo(STEP) > 0) {
                log.warn("The database's clock moved {} ms {} against this JVM's monotonic clock since the last "
                        + "reading (a step of the database host's clock, a failover to a host whose clock differs, "
                        + "or this host suspended): following it", Math.abs(off.toMillis()),
                        off.isNegative() ? "back" : "forward");
            }
        } else if (!precise) {
            long now = nanos.getAsLong();
            if (slowLineAt == Long.MIN_VALUE || now - slowLineAt > SLOW_READINGS_LINE.toNanos()) {
                slowLineAt = now;
                log.warn("A reading of the database's clock took {} ms, over {} ms: it cannot tell the time {} "
                        + "followed closer than that; not kept", reading.roundTrip().toMillis(),
                        MAX_ROUND_TRIP.toMillis(), current == null ? "this host's clock" : "already");
            }
        }
    }

    /**
     * Takes a reading at once when this host's wall clock has run more than {@link #STEP} further than the monotonic
     * clock since the last reading tried: the host was suspended (the monotonic clock stops, so the time counted from
     * it is behind by as long) or its wall clock stepped forward (then the reading changes nothing). Run by the
     * refresher every {@link #SUSPEND_CHECK}, off the callers' threads; a reading that fails is tried again at the
     * next divergence or the next {@link #REFRESH}, not at every check.
     */
    void checkSuspended() {
        long wallRun = epochNanos(host.instant()) - wallAtTry;
        long monotonicRun = nanos.getAsLong() - nanosAtTry;
        if (followed != null && wallRun - monotonicRun > STEP.toNanos()) {
            refresh();
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Whether a reading of the database's clock is followed; until one is, the time is this host's. */
    public boolean following() {
        return followed != null;
    }

    /** The last reading taken, followed or not, if any. */
    public @Nullable Reading lastReading() {
        return last;
    }

    @Override
    public Instant instant() {
        Reading current = followed;
        if (current == null) {
            return host.instant();
        }
        return timeAt(current, nanos.getAsLong());
    }

    private static Instant timeAt(Reading reading, long nanos) {
        return reading.database().plusNanos(nanos - reading.nanos());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same time in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        DatabaseClock database = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return database.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return database.withZone(other);
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
        return "DatabaseClock[" + (followed == null ? "the host's " + host : "following " + followed) + "]";
    }

    /** {@link #SAMPLES} reads of {@code clock_timestamp()} on one connection, the statement's round trip timed. */
    private static final class Queries implements Reader {

        private final JdbcTemplate jdbc;

        Queries(DataSource database) {
            this.jdbc = new JdbcTemplate(database);
        }

        @Override
        public Reading read(Clock host, LongSupplier nanos) {
            return jdbc.execute((ConnectionCallback<Reading>) connection -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()")) {
                    statement.setQueryTimeout(2);
                    Reading fastest = sample(statement, host, nanos);
                    for (int i = 1; i < SAMPLES; i++) {
                        Reading sample = sample(statement, host, nanos);
                        if (sample.roundTrip().compareTo(fastest.roundTrip()) < 0) {
                            fastest = sample;
                        }
                    }
                    return fastest;
                }
            });
        }

        private static Reading sample(PreparedStatement statement, Clock host, LongSupplier nanos)
                throws SQLException {
            Instant hostBefore = host.instant();
            long before = nanos.getAsLong();
            Timestamp database;
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                database = rows.getTimestamp(1);
            }
            long roundTrip = nanos.getAsLong() - before;
            Instant at = database.toInstant();
            return new Reading(at, before + roundTrip / 2, Duration.ofNanos(roundTrip),
                    Duration.between(hostBefore.plusNanos(roundTrip / 2), at));
        }
    }
}
