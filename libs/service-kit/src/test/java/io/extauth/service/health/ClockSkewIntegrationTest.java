package io.extauth.service.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * This host's clock against a real PostgreSQL's: agreeing clocks are UP; a clock five seconds ahead or behind is DOWN
 * and says which, and the gauge shows the skew; a database that does not answer is DOWN and the gauge unknown.
 */
class ClockSkewIntegrationTest {

    private static final Duration MAX = Duration.ofSeconds(2);
    /** A service's clock that follows the database's. */
    private static final DatabaseClock DATABASE_CLOCK = DatabaseClock.startedOn(
            EmbeddedPostgresDefault.shared().getPostgresDatabase(), Clock.systemUTC());

    @BeforeAll
    static void theClockFollowsTheDatabases() {
        await().atMost(Duration.ofSeconds(30)).until(DATABASE_CLOCK::following); // a first reading slow on a busy box
    }

    @AfterAll
    static void stopTheClock() {
        DATABASE_CLOCK.close();
    }
    private final JdbcTemplate database = new JdbcTemplate(EmbeddedPostgresDefault.shared().getPostgresDatabase());

    @Test
    void clocksThatAgreeAreUpWithTheSkewAndRoundTripShown() {
        Health health = new ClockSkew(database, MAX, DATABASE_CLOCK).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat((Long) health.getDetails().get("skewMillis")).isBetween(-1_000L, 1_000L);
        assertThat(health.getDetails()).containsKeys("roundTripMillis").containsEntry("maxSkewMillis", 2_000L);
    }

    @Test
    void aHostClockFiveSecondsAheadIsDownAndSaysSo() {
        Health health = new ClockSkew(database, MAX, DATABASE_CLOCK, () -> Instant.now().plusSeconds(5)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((Long) health.getDetails().get("skewMillis")).isBetween(-6_000L, -4_000L);
        assertThat((String) health.getDetails().get("reason")).contains("ahead of the database's", "NTP",
                "decides leases, expiries and locks by the database's clock", "bearer tokens' expiry");
        assertThat(health.getDetails()).containsEntry("decidesBy", "database");
    }

    @Test
    void aDatabaseClockThatCouldNotBeReadYetIsSaidToDecideByTheHostsClock() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DatabaseClock unread = DatabaseClock.startedOn(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:"
                + closedPort + "/postgres?connectTimeout=2", "postgres", "postgres"), Clock.systemUTC())) {
            Health health = new ClockSkew(database, MAX, unread, () -> Instant.now().plusSeconds(5)).health(true);

            assertThat(health.getDetails()).containsEntry("decidesBy", "host, until the database's clock is read");
            assertThat((String) health.getDetails().get("reason")).contains("by this host's clock until it can read "
                    + "the database's (extauth.clock.source=database)");
        }
    }

    @Test
    void onAServiceThatDecidesByItsHostsClockTheReasonSaysWhatTheSkewMoves() {
        Health health = new ClockSkew(database, MAX, null, () -> Instant.now().plusSeconds(5)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).contains("ahead of the database's",
                "instances compare leases, expiries, locks and replay windows by their own clocks", "NTP");
        assertThat(health.getDetails()).containsEntry("decidesBy", "host");
    }

    @Test
    void aHostClockFiveSecondsBehindIsDownAndTheGaugeShowsItInSeconds() {
        ClockSkew skew = new ClockSkew(database, MAX, DATABASE_CLOCK, () -> Instant.now().minusSeconds(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        skew.bindTo(registry);

        Health health = skew.health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).contains("behind the database's");
        assertThat(registry.get("extauth.clock.skew").gauge().value()).isCloseTo(5.0, within(1.0));
    }

    @Test
    void aWallClockThatStepsBackDuringTheQueryDoesNotMakeARoundTripOrASkew() {
        AtomicInteger reads = new AtomicInteger();
        Supplier<Instant> stepping = () -> Instant.now().minusSeconds(reads.incrementAndGet() % 2 == 0 ? 10 : 0);

        Health health = new ClockSkew(database, MAX, DATABASE_CLOCK, stepping).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat((Long) health.getDetails().get("roundTripMillis")).isNotNegative();
        assertThat((Long) health.getDetails().get("skewMillis")).isBetween(-1_000L, 1_000L);
    }

    @Test
    void aSkewWithinTheLimitIsUp() {
        Health health = new ClockSkew(database, MAX, DATABASE_CLOCK, () -> Instant.now().minusMillis(1_000)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat((Long) health.getDetails().get("skewMillis")).isBetween(0L, 2_000L);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsDownAndTheGaugeUnknown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClockSkew skew = new ClockSkew(new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:"
                + closedPort + "/postgres?connectTimeout=2", "postgres", "postgres")), MAX, DATABASE_CLOCK);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        skew.bindTo(registry);

        assertThat(skew.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(registry.get("extauth.clock.skew").gauge().value()).isNaN();
    }

    @Test
    void aScrapeOfTheGaugeNeverWaitsForAPoolWithNoConnectionToGive() throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(io.extauth.testsupport.EmbeddedPostgresDefault.shared().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(30_000); // HikariCP's default, as the services'
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            ClockSkew skew = new ClockSkew(new JdbcTemplate(pool), MAX, DATABASE_CLOCK);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            skew.bindTo(registry);
            try {
                long start;
                double read;
                try (java.sql.Connection held = pool.getConnection()) {
                    start = System.nanoTime();
                    read = registry.get("extauth.clock.skew").gauge().value();
                }
                long took = java.time.Duration.ofNanos(System.nanoTime() - start).toMillis();

                assertThat(read).isNaN();
                assertThat(took).as("ms the scrape waited").isLessThan(500);
                // the measurement started then finishes once the pool gives a connection: the gauge reads it
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                        () -> !Double.isNaN(registry.get("extauth.clock.skew").gauge().value()));
                assertThat(registry.get("extauth.clock.skew").gauge().value()).isCloseTo(0.0, within(1.0));
            } finally {
                skew.destroy();
            }
        }
    }

    @Test
    void theGaugeReadsTheLastMeasurementHoweverFarApartTheScrapesAre() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.now().minusSeconds(5));
        ClockSkew skew = new ClockSkew(database, MAX, DATABASE_CLOCK, now::get);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        skew.bindTo(registry);
        try {
            registry.get("extauth.clock.skew").gauge().value();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                    () -> !Double.isNaN(registry.get("extauth.clock.skew").gauge().value()));

            // Prometheus's default: a scrape a minute
            now.set(now.get().plusSeconds(60));
            double aMinuteLater = registry.get("extauth.clock.skew").gauge().value();

            assertThat(aMinuteLater).as("the previous scrape's measurement").isCloseTo(5.0, within(1.0));
        } finally {
            skew.destroy();
        }
    }
}
