package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Deactivated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fourth pass: {@link AuditEvent#CHRONOLOGICAL} is written out instead of chained key extractors. It must
 * order events exactly as the chain did (below, as it was in commit 6de60f0), ties and unknown topics included.
 */
class ChronologicalOrderUnitTest {

    private static final Comparator<AuditEvent> CHAINED = Comparator.comparing(AuditEvent::time)
            .thenComparingInt(e -> chainedRank(e.position().topic()))
            .thenComparingInt(e -> e.position().partition())
            .thenComparingLong(e -> e.position().offset());

    @Test
    void eventsAreComparedAndSortedExactlyAsTheChainedComparatorDid() {
        SplittableRandom random = new SplittableRandom(14);
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(Topics.deadLetterOf(Topics.AUTH_ACTIVATED));
        topics.add("elsewhere");
        Instant start = Instant.parse("2025-03-01T08:00:00Z");
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // few distinct times, topics, partitions and offsets: most comparisons are decided late, or are ties
            Instant time = start.plusSeconds(random.nextInt(20)).plusNanos(random.nextInt(3) * 500L);
            Position position = new Position(new String(topics.get(random.nextInt(topics.size()))),
                    random.nextInt(3) - 1, random.nextLong(4) - 1);
            events.add(new AuditEvent(position, "id-" + i, time, new Deactivated("1000", "jane", "admin", time)));
        }

        for (int i = 0; i < 100_000; i++) {
            AuditEvent a = events.get(random.nextInt(events.size()));
            AuditEvent b = events.get(random.nextInt(events.size()));
            assertThat(Integer.signum(AuditEvent.CHRONOLOGICAL.compare(a, b)))
                    .as(a + " vs " + b).isEqualTo(Integer.signum(CHAINED.compare(a, b)));
        }
        List<AuditEvent> sorted = new ArrayList<>(events);
        sorted.sort(AuditEvent.CHRONOLOGICAL);
        List<AuditEvent> sortedAsBefore = new ArrayList<>(events);
        sortedAsBefore.sort(CHAINED);
        assertThat(sorted).containsExactlyElementsOf(sortedAsBefore);
    }

    private static int chainedRank(String topic) {
        int rank = Topics.ALL.indexOf(topic);
        return rank < 0 ? Topics.ALL.size() : rank;
    }
}
