package io.extauth.service.health;

import io.extauth.messaging.clock.DatabaseClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far this host's clock is from PostgreSQL's, as health ({@code clockSkew}) and as the gauge
 * {@code extauth.clock.skew} (seconds, positive when this host is behind), which the alert {@code ExtauthClockSkew}
 * watches. Instances of a service compare times one of them wrote: a claimed delivery's lease (6 s) and a mail's or
 * provisioning's (15 s), a VIP check's attempt reservation (12 s), a challenge's expiry, a lock's end, the window in
 * which a vendor callback's signature counts as seen. By default they decide all of them by the database's clock
 * ({@code DatabaseClock}, {@code extauth.clock.source=database}), so a host's skew does not move those; it still
 * moves what goes by the host's own clock: a bearer token's expiry, log lines, Kafka's record timestamps. With
 * {@code extauth.clock.source=host} the instances decide by their hosts' clocks, and one whose clock runs seconds
 * ahead takes over work another still does, lapses another's reservation, ends challenges and locks early. Either
 * way a host that disagrees with the database by more than {@code extauth.clock.max-skew} (default 2 s) is DOWN here,
 * and the reason says what the skew moves. Not part of readiness: a database host whose clock stepped would take every
 * instance out of rotation at once, though they still agree with each other.
 *
 * <p>Measured as PostgreSQL's {@code clock_timestamp()} against the middle of this host's time before and after the
 * query, within a 2 s query timeout; only a skew larger than the limit plus half the round trip counts as DOWN, and
 * the gauge keeps its last value when a round trip (a wait for a pooled connection included) took longer than the
 * limit, so a slow answer is not mistaken for a wrong clock. The gauge never measures on the scrape's thread
 * ({@link #gaugeSeconds}).
 */
public class ClockSkew extends AbstractHealthIndicator implements MeterBinder, DisposableBean {

    /** The gauge re-measures at most this often: a scrape does not cost a query each. */
    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(10);
    /** A measurement under way longer than this says the database does not answer: the gauge reads NaN. */
    private static final Duration GAUGE_STUCK = GAUGE_REFRESH.multipliedBy(3);

    private final JdbcTemplate jdbc;
    private final Duration maxSkew;
    private final @Nullable DatabaseClock databaseClock;
    private final Supplier<Instant> hostTime;
    private volatile @Nullable Measured last;
    private final AtomicBoolean measuring = new AtomicBoolean();
    /** When the measurement under way began (this host's clock); meaningful while {@code measuring}. */
    private volatile Instant measuringSince = Instant.EPOCH;
    /** The last measurement failed: its database did not answer. */
    private volatile boolean failing;
    private final ExecutorService measurer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "extauth-clock-skew");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code databaseClock}: the service's clock when it is the database's, else {@code null}. */
    public ClockSkew(JdbcTemplate jdbc, Duration maxSkew, @Nullable DatabaseClock databaseClock) {
        this(jdbc, maxSkew, databaseClock, Instant::now);
    }

    /** With this host's time from {@code hostTime}: tests give a clock set wrong on purpose. */
    ClockSkew(JdbcTemplate jdbc, Duration maxSkew, @Nullable DatabaseClock databaseClock, Supplier<Instant> hostTime) {
        super("Clock skew check failed");
        // its own template on the same pool, with a query timeout of its own: a database that stopped answering holds
        // a scrape 2 s at most once connected (the wait for a pooled connection is the pool's own timeout)
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(2);
        this.maxSkew = maxSkew;
        this.databaseClock = databaseClock;
        this.hostTime = hostTime;
    }

    /** One measurement: the database's time less this host's, and the query's round trip. */
    record Measured(Duration skew, Duration roundTrip, Instant at) {

        /** Whether the clocks disagree by more than {@code max} however the round trip split. */
        boolean beyond(Duration max) {
            return skew.abs().minus(roundTrip.dividedBy(2)).compareTo(max) > 0;
        }
    }

    /** The round trip on the monotonic clock: a step of the wall clock during the query cannot make it negative. */
    Measured measure() {
        Instant before = hostTime.get();
        long started = System.nanoTime();
        Timestamp database = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - started);
        Instant middle = before.plus(roundTrip.dividedBy(2));
        return new Measured(Duration.between(middle, database.toInstant()), roundTrip, before.plus(roundTrip));
    }

    /** Keeps a measurement for the gauge unless its round trip was too slow to say much about the clock. */
    private Measured remember(Measured fresh) {
        Measured known = last;
        if (known == null || fresh.roundTrip().compareTo(maxSkew) <= 0) {
            last = fresh;
            return fresh;
        }
        return known;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Measured measured = measure();
        remember(measured);
        boolean notReadYet = databaseClock != null && !databaseClock.following();
        builder.withDetail("skewMillis", measured.skew().toMillis())
                .withDetail("roundTripMillis", measured.roundTrip().toMillis())
                .withDetail("maxSkewMillis", maxSkew.toMillis())
                .withDetail("decidesBy", databaseClock == null ? "host"
                        : notReadYet ? "host, until the database's clock is read" : "database");
        if (measured.beyond(maxSkew)) {
            String skew = "this host's clock is " + Math.abs(measured.skew().toMillis()) + " ms "
                    + (measured.skew().isNegative() ? "ahead of" : "behind") + " the database's: ";
            String moves = databaseClock == null
                    ? "instances compare leases, expiries, locks and replay windows by their own clocks "
                            + "(extauth.clock.source=host)"
                    : notReadYet
                            ? "this service decides leases, expiries and locks by this host's clock until it can read "
                                    + "the database's (extauth.clock.source=database), and bearer tokens' expiry, log "
                                    + "lines and Kafka's record timestamps always go by it"
                            : "this service decides leases, expiries and locks by the database's clock, but bearer "
                                    + "tokens' expiry, log lines and Kafka's record timestamps go by this host's";
            builder.down().withDetail("reason", skew + moves + "; synchronise the clocks (NTP)");
        } else {
            builder.up();
        }
    }

    /** Registers {@code extauth.clock.skew}: NaN while the database cannot be asked. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("extauth.clock.skew", this, ClockSkew::gaugeSeconds).baseUnit("seconds")
                .description("PostgreSQL's clock less this host's (positive: this host is behind); instances must "
                        + "agree within extauth.clock.max-skew")
                .register(registry);
    }

    /**
     * The last measurement, never measured on the scrape's thread: a due one is started on a thread of its own, and
     * the scrape reads what is known, the previous scrape's measurement (a clock does not move in a minute). NaN when
     * nothing is known yet, when the last measurement failed, or when the one under way has not ended for
     * {@link #GAUGE_STUCK}: the database does not answer. Measured on the scrape's thread, it waited for a pooled
     * connection up to the pool's 30 s while the database was gone or the pool full, the scrape outlived
     * Prometheus's timeout, and every series of the instance went with it, the backlog gauges' NaN that
     * {@code ExtauthDatabaseUnreadable} reads among them.
     */
    private double gaugeSeconds() {
        Measured known = last;
        Instant now = hostTime.get();
        if ((known == null || age(known, now).compareTo(GAUGE_REFRESH) > 0) && measuring.compareAndSet(false, true)) {
            measuringSince = now;
            try {
                measurer.execute(() -> {
                    try {
                        // a round trip longer than the limit says more about the pool or the database than the clock
                        remember(measure());
                        failing = false;
                    } catch (RuntimeException e) {
                        failing = true;
                    } finally {
                        measuring.set(false);
                    }
                });
            } catch (RejectedExecutionException shutDown) {
                measuring.set(false);
            }
        }
        boolean stuck = measuring.get() && Duration.between(measuringSince, now).compareTo(GAUGE_STUCK) > 0;
        return known == null || failing || stuck ? Double.NaN : known.skew().toNanos() / 1e9;
    }

    private static Duration age(Measured measured, Instant now) {
        return Duration.between(measured.at(), now).abs();
    }

    @Override
    public void destroy() {
        measurer.shutdownNow();
    }
}
