package io.extauth.messaging.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.clock.DatabaseClock.Reading;
import io.extauth.testclock.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The database's time against a database, a network and a host the test plays: the host's wall clock and its
 * monotonic clock move apart, the database's clock steps, readings come slow or not at all.
 */
class DatabaseClockUnitTest {

    private static final Instant HOST_NOW = Instant.parse("2026-12-07T19:00:00Z");
    private static final long START_NANOS = 5_000_000_000L;

    /** This host's wall clock. */
    private final MutableClock host = MutableClock.stoppedAt(HOST_NOW);
    /** This JVM's monotonic clock. */
    private final AtomicLong nanos = new AtomicLong(START_NANOS);
    /** The database's time when the monotonic clock read {@link #START_NANOS}. */
    private Instant databaseAtStart = HOST_NOW;
    private Duration roundTrip = Duration.ofMillis(2);
    private @Nullable RuntimeException unreachable;

    private final AtomicLong reads = new AtomicLong();
    private final DatabaseClock clock = DatabaseClock.readBy((wall, monotonic) -> {
        reads.incrementAndGet();
        if (unreachable != null) {
            throw unreachable;
        }
        long middle = monotonic.getAsLong();
        Instant database = databaseTime();
        return new Reading(database, middle, roundTrip, Duration.between(wall.instant(), database));
    }, host, nanos::get);

    @Test
    void untilTheDatabaseIsFirstReadItIsTheHostsTime() {
        assertThat(clock.instant()).isEqualTo(HOST_NOW);
        assertThat(clock.following()).isFalse();
    }

    @Test
    void aHostThirtySecondsAheadDecidesByTheDatabasesTime() {
        databaseAtStart = HOST_NOW.minusSeconds(30);

        clock.refresh();

        assertThat(clock.instant()).isEqualTo(HOST_NOW.minusSeconds(30));
        assertThat(clock.millis()).isEqualTo(HOST_NOW.minusSeconds(30).toEpochMilli());
        assertThat(clock.lastReading().hostOffset()).isEqualTo(Duration.ofSeconds(-30));
        elapse(Duration.ofSeconds(7));
        assertThat(clock.instant()).as("time goes on by the monotonic clock").isEqualTo(HOST_NOW.minusSeconds(23));
    }

    @Test
    void aStepOfTheHostsWallClockDoesNotMoveIt() {
        clock.refresh();

        host.advance(Duration.ofSeconds(20)); // NTP, or a virtual machine resumed: the wall clock jumps, time did not

        assertThat(clock.instant()).isEqualTo(HOST_NOW);
        elapse(Duration.ofSeconds(1));
        clock.refresh();
        assertThat(clock.instant()).isEqualTo(HOST_NOW.plusSeconds(1));
    }

    @Test
    void aReadingSlowerThanHalfASecondCorrectsOnlyWhatItCanTell() {
        roundTrip = Duration.ofMillis(800);
        databaseAtStart = HOST_NOW.minusMillis(700); // the host may be right: 700 ms is within the reading's 800

        clock.refresh();
        assertThat(clock.following()).isFalse();
        assertThat(clock.instant()).isEqualTo(HOST_NOW);

        databaseAtStart = HOST_NOW.minus(Duration.ofHours(2)); // no round trip hides two hours
        clock.refresh();
        assertThat(clock.following()).isTrue();
        assertThat(clock.instant()).isEqualTo(HOST_NOW.minus(Duration.ofHours(2)));

        databaseAtStart = HOST_NOW.minus(Duration.ofHours(2)).plusMillis(600); // within the slow reading's 800 ms
        clock.refresh();
        assertThat(clock.instant()).as("a slow reading does not move a time it cannot tell wrong")
                .isEqualTo(HOST_NOW.minus(Duration.ofHours(2)));
        roundTrip = Duration.ofMillis(3);
        clock.refresh();
        assertThat(clock.instant()).as("a precise one does").isEqualTo(HOST_NOW.minus(Duration.ofHours(2)).plusMillis(600));
    }

    @Test
    void aReadingWithinHalfItsRoundTripChangesNothingAndOneBeyondIsFollowed() {
        roundTrip = Duration.ofMillis(10);
        clock.refresh();

        databaseAtStart = HOST_NOW.plusMillis(4); // within 5 ms: the network's, not the clock's
        clock.refresh();
        assertThat(clock.instant()).isEqualTo(HOST_NOW);

        databaseAtStart = HOST_NOW.plusMillis(6);
        clock.refresh();
        assertThat(clock.instant()).isEqualTo(HOST_NOW.plusMillis(6));
    }

    @Test
    void aStepOfTheDatabasesClockIsFollowedAtTheNextReading() {
        clock.refresh();

        databaseAtStart = HOST_NOW.plusSeconds(10); // a failover to a standby whose clock runs 10 s ahead
        elapse(Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(HOST_NOW.plusSeconds(2));

        clock.refresh();
        assertThat(clock.instant()).isEqualTo(HOST_NOW.plusSeconds(12));
    }

    @Test
    void aHostThatWasSuspendedTakesAReadingAtTheNextCheck() {
        clock.refresh();

        // suspended for a minute: the monotonic clock stopped, the wall clock and the database's went on
        host.advance(Duration.ofMinutes(1));
        databaseAtStart = databaseAtStart.plus(Duration.ofMinutes(1));
        assertThat(clock.instant()).as("counted from the monotonic clock, until the check").isEqualTo(HOST_NOW);

        clock.checkSuspended();

        assertThat(clock.instant()).isEqualTo(HOST_NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aReadingThatFailsAfterASuspendIsNotTriedAgainAtEveryCheck() {
        clock.refresh();
        host.advance(Duration.ofMinutes(1));
        unreachable = new IllegalStateException("connection refused");

        clock.checkSuspended();
        clock.checkSuspended();
        clock.checkSuspended();

        assertThat(reads).as("the first reading, then one try after the suspend").hasValue(2);
        assertThat(clock.instant()).as("the last reading goes on").isEqualTo(HOST_NOW);
    }

    @Test
    void whileTheDatabaseCannotBeAskedTheLastReadingGoesOn() {
        databaseAtStart = HOST_NOW.minusSeconds(8);
        clock.refresh();

        unreachable = new IllegalStateException("connection refused");
        host.advance(Duration.ofSeconds(40)); // the host's wall clock steps meanwhile
        elapse(Duration.ofSeconds(3));
        clock.refresh();

        assertThat(clock.instant()).isEqualTo(HOST_NOW.minusSeconds(5));
    }

    @Test
    void inAnotherZoneItIsTheSameInstant() {
        databaseAtStart = HOST_NOW.plusSeconds(90);
        clock.refresh();

        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(HOST_NOW.plusSeconds(90));
        assertThat(paris.withZone(ZoneId.of("UTC")).instant()).isEqualTo(HOST_NOW.plusSeconds(90));
    }

    @Test
    void aVendorsSignatureIsJudgedByTheDatabasesTimeAndByTheHostsWhenTheServiceClockIsATests() {
        databaseAtStart = HOST_NOW.minus(Duration.ofHours(2));
        clock.refresh();

        assertThat(DatabaseClock.realTime(clock).instant()).isEqualTo(HOST_NOW.minus(Duration.ofHours(2)));
        assertThat(DatabaseClock.realTime(host)).as("a clock the test moves is not the vendor's time")
                .isEqualTo(Clock.systemUTC());
    }

    /** Real time passes: both of this host's clocks and the database's move on. */
    private void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        host.advance(duration);
    }

    private Instant databaseTime() {
        return databaseAtStart.plusNanos(nanos.get() - START_NANOS);
    }
}
