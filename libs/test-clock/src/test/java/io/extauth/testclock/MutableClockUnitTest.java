package io.extauth.testclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutableClockUnitTest {

    @Test
    void aStoppedClockStandsStillUntilTheTestMovesIt() {
        MutableClock clock = MutableClock.stoppedAt(Instant.parse("2025-01-01T00:00:10Z"));

        assertThat(clock.instant()).isEqualTo("2025-01-01T00:00:10Z");
        clock.advance(Duration.ofSeconds(30));
        assertThat(clock.instant()).isEqualTo("2025-01-01T00:00:40Z");
    }

    @Test
    void theRunningClockIsOnePerJvmSoASecondServiceInstanceSeesTheSameJump() {
        Instant before = MutableClock.running().instant();

        MutableClock.running().advance(Duration.ofHours(2));

        assertThat(MutableClock.running()).isSameAs(MutableClock.running());
        assertThat(MutableClock.running().instant()).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
    }

    @Test
    void theCheckGivenLastRunsBeforeEachJumpWhileTheTimeIsStillTheOld() {
        MutableClock clock = MutableClock.stoppedAt(Instant.parse("2025-01-01T00:00:00Z"));
        List<String> seen = new ArrayList<>();
        clock.beforeEachAdvance(() -> seen.add("replaced " + clock.instant()));
        clock.beforeEachAdvance(() -> seen.add("checked at " + clock.instant()));

        clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));

        assertThat(seen).containsExactly("checked at 2025-01-01T00:00:00Z", "checked at 2025-01-01T00:01:00Z");
        assertThat(clock.instant()).isEqualTo("2025-01-01T00:02:00Z");
    }

    @Test
    void theClockIsInUtcAndRefusesAnyOtherZone() {
        MutableClock clock = MutableClock.stoppedAt(Instant.EPOCH);

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
        assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Berlin")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
