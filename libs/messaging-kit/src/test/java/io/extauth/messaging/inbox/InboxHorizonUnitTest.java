package io.extauth.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.inbox.InboxHorizon.TopicKeeping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxHorizonUnitTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void theLongestATopicKeepsARecordPlusTheMargin() {
        InboxHorizon.Horizon horizon = InboxHorizon.of(List.of(
                new TopicKeeping("auth.ordered", 7 * DAY, 7 * DAY, false),
                new TopicKeeping("billing.orders", 30 * DAY, DAY, false),
                new TopicKeeping("auth.activated", 3 * DAY, 7 * DAY, false)), Duration.ofDays(1));

        assertThat(horizon.keep()).contains(Duration.ofDays(32));
        assertThat(horizon.why()).contains("billing.orders");
    }

    @Test
    void aTopicThatKeepsRecordsForEverOrCompactsThemKeepsEveryRow() {
        assertThat(InboxHorizon.of(List.of(new TopicKeeping("auth.ordered", 7 * DAY, 7 * DAY, false),
                new TopicKeeping("auth.activated", -1, 7 * DAY, false)), Duration.ofDays(1)))
                .satisfies(horizon -> {
                    assertThat(horizon.keep()).isEmpty();
                    assertThat(horizon.why()).contains("auth.activated").contains("for ever");
                });
        assertThat(InboxHorizon.of(List.of(new TopicKeeping("auth.provisioned", 7 * DAY, 7 * DAY, true)),
                Duration.ofDays(1)).keep()).isEmpty();
    }

    @Test
    void noTopicFoundKeepsEveryRow() {
        assertThat(InboxHorizon.of(List.of(), Duration.ofDays(1)).keep()).isEmpty();
    }

    @Test
    void aRetentionNearTheLargestNumberDoesNotWrapAround() {
        assertThat(InboxHorizon.of(List.of(new TopicKeeping("auth.ordered", Long.MAX_VALUE - 5, 7 * DAY, false)),
                Duration.ofDays(1)).keep()).contains(Duration.ofMillis(Long.MAX_VALUE));
    }
}
