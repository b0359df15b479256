package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Deactivated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplayOrder} on generated users: a few topic-partitions each, a few to a hundred events, given partition by
 * partition as the reader hands them or in any order.
 */
class ReplayOrderUnitTest {

    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void whenEachPartitionsTimesRiseWithItsOffsetsTheUserIsReplayedInTimeOrderAsBefore() {
        Random random = new Random(14);
        ReplayOrder order = new ReplayOrder();
        for (int user = 0; user < 2_000; user++) {
            List<AuditEvent> events = user(random, 0);
            List<AuditEvent> byTime = new ArrayList<>(events);
            byTime.sort(AuditEvent.CHRONOLOGICAL);

            order.arrange(events);

            assertThat(events).containsExactlyElementsOf(byTime);
        }
    }

    @Test
    void eachPartitionKeepsItsOffsetOrderWhateverItsTimesAndPartitionsAreMergedByTheirHeadsTimes() {
        Random random = new Random(15);
        ReplayOrder order = new ReplayOrder();
        for (int user = 0; user < 2_000; user++) {
            List<AuditEvent> events = user(random, 2_000);
            if (user % 2 == 1) {
                Collections.shuffle(events, random); // not as the reader hands them: put in offset order first
            }
            List<AuditEvent> expected = mergedByHeads(events);

            order.arrange(events);

            assertThat(events).containsExactlyElementsOf(expected);
        }
    }

    /**
     * A user's events, partition by partition, each partition's offsets rising, times a second apart plus up to
     * {@code skewMillis} either way (a clock of the instance that wrote each).
     */
    private static List<AuditEvent> user(Random random, int skewMillis) {
        int partitions = 1 + random.nextInt(6);
        int size = 1 + random.nextInt(random.nextInt(10) == 0 ? 100 : 30);
        Map<String, List<AuditEvent>> byPartition = new LinkedHashMap<>();
        long[] offsets = new long[partitions];
        for (int i = 0; i < size; i++) {
            int p = random.nextInt(partitions);
            // two partitions of one topic now and then, and a topic outside the contract's flow
            String topic = p == 5 ? "elsewhere" : Topics.ALL.get(p % 3 * 2);
            int partition = p >= 3 && p < 5 ? 1 : 0;
            offsets[p] += 1 + random.nextInt(3);
            Instant time = START.plusSeconds(i).plusMillis(skewMillis == 0 ? 0
                    : random.nextInt(2 * skewMillis + 1) - skewMillis);
            byPartition.computeIfAbsent(topic + "-" + partition, k -> new ArrayList<>()).add(new AuditEvent(
                    new Position(topic, partition, offsets[p]), "id-" + i, time,
                    new Deactivated("1000", "jane", "admin", time)));
        }
        List<AuditEvent> events = new ArrayList<>();
        byPartition.values().forEach(events::addAll);
        return events;
    }

    /** The rule written plainly: each partition's events by offset, then always the earliest of the heads. */
    private static List<AuditEvent> mergedByHeads(List<AuditEvent> events) {
        Map<String, List<AuditEvent>> byPartition = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            byPartition.computeIfAbsent(event.position().topic() + "-" + event.position().partition(),
                    k -> new ArrayList<>()).add(event);
        }
        List<List<AuditEvent>> queues = new ArrayList<>(byPartition.values());
        queues.forEach(queue -> queue.sort(Comparator.comparingLong(e -> e.position().offset())));
        List<AuditEvent> merged = new ArrayList<>();
        while (merged.size() < events.size()) {
            List<AuditEvent> earliest = queues.stream().filter(queue -> !queue.isEmpty())
                    .min(Comparator.comparing(queue -> queue.get(0), AuditEvent.CHRONOLOGICAL)).orElseThrow();
            merged.add(earliest.remove(0));
        }
        return merged;
    }
}
