package io.extauth.challenge.database.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A timer's failed item waits a minute, then twice as long each time, at most an hour; a success forgets it. */
class FailedItemsUnitTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final FailedItems<String> failing = new FailedItems<>(LoggerFactory.getLogger(FailedItemsUnitTest.class),
            "Item");

    @Test
    void aFailedItemWaitsAMinuteThenTwiceAsLongEachTimeAtMostAnHour() {
        failing.failed("a", NOW, new IllegalArgumentException("No enum constant"));

        assertThat(failing.waiting("a", NOW.plusSeconds(59))).isTrue();
        assertThat(failing.waiting("a", NOW.plusSeconds(60))).isFalse();
        assertThat(failing.waiting("b", NOW)).as("another item").isFalse();
        assertThat(failing.size()).isEqualTo(1);

        Instant at = NOW.plusSeconds(60);
        failing.failed("a", at, new IllegalArgumentException("No enum constant"));
        assertThat(failing.waiting("a", at.plus(Duration.ofSeconds(119)))).isTrue();
        assertThat(failing.waiting("a", at.plus(Duration.ofSeconds(120)))).isFalse();

        for (int i = 0; i < 10; i++) {
            failing.failed("a", at, new IllegalArgumentException("No enum constant"));
        }
        assertThat(failing.waiting("a", at.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(failing.waiting("a", at.plus(Duration.ofMinutes(60)))).as("an hour at most").isFalse();
    }

    @Test
    void aSuccessOrNoLongerBeingDueForgetsTheItem() {
        failing.failed("a", NOW, new IllegalStateException("x"));
        failing.failed("b", NOW, new IllegalStateException("x"));

        failing.succeeded("a");
        failing.retainAll(List.of("c"));

        assertThat(failing.waiting("a", NOW)).isFalse();
        assertThat(failing.waiting("b", NOW)).isFalse();
        assertThat(failing.size()).isZero();
    }
}
