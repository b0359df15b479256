package io.extauth.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.outbox.PartitionLanes.Lane;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionLanesUnitTest {

    private static final Instant NOW = Instant.parse("2027-03-01T00:00:00Z");
    private final PartitionLanes lanes = new PartitionLanes(Duration.ofMillis(500), Duration.ofSeconds(5));
    private final Lane down = new Lane("auth.ordered", 2);
    private final Lane healthy = new Lane("auth.ordered", 0);

    @Test
    void aPartitionWithRecordsStillOnTheirWayTakesNoMoreUntilTheyAreAnswered() {
        lanes.awaiting(down);
        lanes.awaiting(down);

        assertThat(lanes.isOpen(down, NOW)).isFalse();
        assertThat(lanes.isOpen(healthy, NOW)).isTrue();
        lanes.answered(down, true, NOW);
        assertThat(lanes.isOpen(down, NOW)).as("one of two answered").isFalse();
        lanes.answered(down, true, NOW);
        assertThat(lanes.isOpen(down, NOW)).isTrue();
    }

    @Test
    void aFailedPartitionIsTriedAgainAfterABackOffThatDoublesUpToTheCap() {
        lanes.settled(down, false, NOW);
        assertThat(lanes.isOpen(down, NOW.plusMillis(499))).isFalse();
        assertThat(lanes.isOpen(down, NOW.plusMillis(500))).isTrue();

        lanes.settled(down, false, NOW);
        assertThat(lanes.isOpen(down, NOW.plusMillis(999))).isFalse();
        for (int i = 0; i < 10; i++) {
            lanes.settled(down, false, NOW);
        }
        assertThat(lanes.isOpen(down, NOW.plusSeconds(5))).as("capped").isTrue();

        lanes.settled(down, true, NOW);
        assertThat(lanes.isOpen(down, NOW)).as("acknowledged: open at once").isTrue();
    }

    @Test
    void aLateFailureClosesThePartitionForTheBackOff() {
        lanes.awaiting(down);
        lanes.answered(down, false, NOW);

        assertThat(lanes.isOpen(down, NOW)).isFalse();
        assertThat(lanes.isOpen(down, NOW.plusMillis(500))).isTrue();
    }
}
