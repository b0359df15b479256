package io.extauth.messaging.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's clock against a real PostgreSQL: a host whose wall clock is half a minute ahead or behind, or steps
 * while it is read, reads the database's time, within what one round trip can tell.
 */
class DatabaseClockIntegrationTest {

    /** Well above a local round trip, far below the half minute the hosts are off by. */
    private static final Duration AGREEMENT = Duration.ofMillis(250);

    private final DataSource database = EmbeddedPostgresDefault.shared().getPostgresDatabase();
    private final JdbcTemplate jdbc = new JdbcTemplate(database);

    @Test
    void aHostHalfAMinuteAheadReadsTheDatabasesTime() {
        try (DatabaseClock clock = DatabaseClock.startedOn(database, Clock.offset(Clock.systemUTC(),
                Duration.ofSeconds(30)))) {
            assertReadsTheDatabasesTime(clock);
            assertThat(clock.lastReading().hostOffset()).isBetween(Duration.ofSeconds(-31), Duration.ofSeconds(-29));
        }
    }

    @Test
    void aHostHalfAMinuteBehindReadsTheDatabasesTime() {
        try (DatabaseClock clock = DatabaseClock.startedOn(database, Clock.offset(Clock.systemUTC(),
                Duration.ofSeconds(-30)))) {
            assertReadsTheDatabasesTime(clock);
        }
    }

    @Test
    void aHostWallClockThatStepsBackAndForthWhileItIsReadDoesNotMoveTheTime() {
        AtomicInteger reads = new AtomicInteger();
        Clock stepping = new Clock() {
            @Override
            public Instant instant() {
                return Instant.now().minusSeconds(reads.incrementAndGet() % 2 == 0 ? 10 : 0);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        try (DatabaseClock clock = DatabaseClock.startedOn(database, stepping)) {
            assertReadsTheDatabasesTime(clock);
        }
    }

    @Test
    void closedItStopsMeasuring() {
        Set<Thread> others = measuringThreads(); // other tests' services, whose clocks go on
        DatabaseClock clock = DatabaseClock.startedOn(database, Clock.systemUTC());
        Set<Thread> its = measuringThreads();
        its.removeAll(others);
        assertThat(its).hasSize(1);

        clock.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> its.stream().noneMatch(Thread::isAlive));
    }

    private void assertReadsTheDatabasesTime(Clock clock) {
        Instant before = clock.instant();
        Instant database = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class).toInstant();
        Instant after = clock.instant();
        assertThat(database).isBetween(before.minus(AGREEMENT), after.plus(AGREEMENT));
    }

    private static Set<Thread> measuringThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("extauth-database-clock") && thread.isAlive())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
