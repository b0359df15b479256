package io.extauth.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.inbox.InboxHorizon.TopicKeeping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxHorizonUnitTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void twiceTheLongestATopicKeepsARecordPlusTheLongestADeadLetterTopicKeepsOnePlusTheMargin() {
        InboxHorizon.Horizon horizon = InboxHorizon.of(List.of(
                events("auth.ordered", 7 * DAY, 7 * DAY, HOUR),
                events("billing.orders", 30 * DAY, DAY, 0),
                events("auth.activated", 3 * DAY, 7 * DAY, HOUR),
                deadLetters("auth.ordered-dlt", 7 * DAY, 7 * DAY, HOUR),
                deadLetters("billing.orders-dlt", 2 * DAY, DAY, HOUR)), Duration.ofDays(1));

        // billing.orders 31 days, twice (a late reader's dead letter, then its replayed copy); auth.ordered-dlt 14
        // days and an hour; a day
        assertThat(horizon.keep()).contains(Duration.ofDays(77).plusHours(1));
        assertThat(horizon.why()).contains("billing.orders keeps a record at most 31 days (twice")
                .contains("auth.ordered-dlt a dead letter at most 14 days 1 h").contains("margin of 1 day");
    }

    @Test
    void durationsReadAsAnOperatorWritesThem() {
        assertThat(InboxHorizon.text(Duration.ofDays(14).plusHours(1))).isEqualTo("14 days 1 h");
        assertThat(InboxHorizon.text(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(InboxHorizon.text(Duration.ofMinutes(150))).isEqualTo("2 h 30 m");
        assertThat(InboxHorizon.text(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void withoutDeadLetterTopicsOnlyTheTopicsCount() {
        assertThat(InboxHorizon.of(List.of(events("auth.ordered", 7 * DAY, 7 * DAY, HOUR)), Duration.ofDays(1))
                .keep()).contains(Duration.ofDays(15).plusHours(1));
    }

    @Test
    void aTopicThatKeepsRecordsForEverCompactsThemOrTakesAnyTimestampKeepsEveryRow() {
        assertThat(InboxHorizon.of(List.of(events("auth.ordered", 7 * DAY, 7 * DAY, HOUR),
                deadLetters("auth.activated-dlt", -1, 7 * DAY, HOUR)), Duration.ofDays(1)))
                .satisfies(horizon -> {
                    assertThat(horizon.keep()).isEmpty();
                    assertThat(horizon.why()).contains("auth.activated-dlt").contains("for ever");
                });
        assertThat(InboxHorizon.of(List.of(new TopicKeeping("auth.provisioned", false, 7 * DAY, 7 * DAY, HOUR, true)),
                Duration.ofDays(1)).keep()).isEmpty();
        assertThat(InboxHorizon.of(List.of(events("billing.orders", 7 * DAY, 7 * DAY, Long.MAX_VALUE)),
                Duration.ofDays(1))).satisfies(horizon -> {
                    assertThat(horizon.keep()).isEmpty();
                    assertThat(horizon.why()).contains("billing.orders").contains("any time ahead");
                });
    }

    @Test
    void noTopicFoundKeepsEveryRow() {
        assertThat(InboxHorizon.of(List.of(), Duration.ofDays(1)).keep()).isEmpty();
        assertThat(InboxHorizon.of(List.of(deadLetters("auth.ordered-dlt", DAY, DAY, 0)), Duration.ofDays(1)).keep())
                .isEmpty();
    }

    @Test
    void aRetentionNearTheLargestNumberIsForEverAndDoesNotWrapAround() {
        assertThat(InboxHorizon.of(List.of(events("auth.ordered", Long.MAX_VALUE - 5, 7 * DAY, HOUR)),
                Duration.ofDays(1))).satisfies(horizon -> {
                    assertThat(horizon.keep()).isEmpty();
                    assertThat(horizon.why()).contains("for ever");
                });
    }

    private static TopicKeeping events(String topic, long retentionMs, long segmentMs, long aheadMs) {
        return new TopicKeeping(topic, false, retentionMs, segmentMs, aheadMs, false);
    }

    private static TopicKeeping deadLetters(String topic, long retentionMs, long segmentMs, long aheadMs) {
        return new TopicKeeping(topic, true, retentionMs, segmentMs, aheadMs, false);
    }
}
