package io.extauth.messaging.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.clock.DatabaseClock.Measured;
import io.extauth.testclock.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The corrected clock against a database whose answers the test plays: the host's time moved by what the database
 * says, only by what a measurement can tell, and kept while the database cannot be asked.
 */
class DatabaseClockUnitTest {

    private static final Instant HOST_NOW = Instant.parse("2026-12-07T19:00:00Z");

    private final MutableClock host = MutableClock.stoppedAt(HOST_NOW);
    private final Deque<Object> answers = new ArrayDeque<>();
    private final DatabaseClock clock = DatabaseClock.measuredBy(ignored -> {
        Object next = answers.removeFirst();
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return (Measured) next;
    }, host);

    @Test
    void untilTheDatabaseIsFirstMeasuredItIsTheHostsTime() {
        assertThat(clock.instant()).isEqualTo(HOST_NOW);
        assertThat(clock.correction()).isZero();
    }

    @Test
    void aHostThirtySecondsAheadDecidesByTheDatabasesTime() {
        answer(Duration.ofSeconds(-30), Duration.ofMillis(2));

        clock.refresh();

        assertThat(clock.instant()).isEqualTo(HOST_NOW.minusSeconds(30));
        assertThat(clock.millis()).isEqualTo(HOST_NOW.minusSeconds(30).toEpochMilli());
        host.advance(Duration.ofSeconds(7));
        assertThat(clock.instant()).as("the host's time goes on, corrected").isEqualTo(HOST_NOW.minusSeconds(23));
    }

    @Test
    void aMeasurementSlowerThanHalfASecondIsNotKept() {
        answer(Duration.ofSeconds(12), Duration.ofMillis(2));
        clock.refresh();

        answer(Duration.ofSeconds(40), Duration.ofMillis(501));
        clock.refresh();

        assertThat(clock.correction()).isEqualTo(Duration.ofSeconds(12));
        assertThat(clock.lastMeasured()).isEqualTo(new Measured(Duration.ofSeconds(12), Duration.ofMillis(2)));
    }

    @Test
    void aChangeWithinHalfTheRoundTripDoesNotMoveTheTimeButALargerOneDoes() {
        answer(Duration.ofMillis(1_000), Duration.ofMillis(10));
        clock.refresh();

        answer(Duration.ofMillis(1_004), Duration.ofMillis(10)); // within 5 ms: the network's, not the clock's
        clock.refresh();
        assertThat(clock.correction()).isEqualTo(Duration.ofMillis(1_000));

        answer(Duration.ofMillis(1_006), Duration.ofMillis(10));
        clock.refresh();
        assertThat(clock.correction()).isEqualTo(Duration.ofMillis(1_006));
    }

    @Test
    void aHostClockThatStepsIsFollowedAtTheNextMeasurement() {
        answer(Duration.ZERO, Duration.ofMillis(1));
        clock.refresh();

        host.advance(Duration.ofSeconds(45)); // NTP stepped this host ahead; the database's time did not move
        answer(Duration.ofSeconds(-45), Duration.ofMillis(1));
        clock.refresh();

        assertThat(clock.instant()).isEqualTo(HOST_NOW);
    }

    @Test
    void aDatabaseThatCannotBeAskedLeavesTheLastCorrection() {
        answer(Duration.ofSeconds(-8), Duration.ofMillis(3));
        clock.refresh();

        answers.add(new IllegalStateException("connection refused"));
        clock.refresh();

        assertThat(clock.instant()).isEqualTo(HOST_NOW.minusSeconds(8));
    }

    @Test
    void inAnotherZoneItIsTheSameCorrectedInstant() {
        answer(Duration.ofSeconds(90), Duration.ofMillis(1));
        clock.refresh();

        var paris = clock.withZone(ZoneId.of("Europe/Paris"));

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(HOST_NOW.plusSeconds(90));
        assertThat(paris.withZone(ZoneId.of("UTC")).instant()).isEqualTo(HOST_NOW.plusSeconds(90));
    }

    @Test
    void aVendorsSignatureIsJudgedByTheDatabasesTimeAndByTheHostsWhenTheServiceClockIsATests() {
        answer(Duration.ofHours(-2), Duration.ofMillis(1));
        clock.refresh();

        assertThat(DatabaseClock.realTime(clock).instant()).isEqualTo(HOST_NOW.minus(Duration.ofHours(2)));
        assertThat(DatabaseClock.realTime(host)).as("a clock the test moves is not the vendor's time")
                .isEqualTo(Clock.systemUTC());
    }

    private void answer(Duration offset, Duration roundTrip) {
        answers.add(new Measured(offset, roundTrip));
    }
}
