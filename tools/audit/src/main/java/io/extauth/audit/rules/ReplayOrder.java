package io.extauth.audit.rules;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order a user's events are replayed in: the events of one topic-partition in offset order, whatever their times
 * say; events of different topic-partitions by time ({@link AuditEvent#CHRONOLOGICAL}).
 *
 * <p>Offsets win within a partition because there they are the truth: a user's events of one topic are keyed by the
 * user, so they share a partition, and the services wrote them there in commit order under the user's row lock. Their
 * {@code ce_time} is only the clock of the instance that wrote each, and instances may be up to 2 s apart while
 * healthy (README, Clocks). Sorted by time, a success decided by an instance 1.5 s ahead went after a failure decided
 * 0.8 s later by another under the same lock, and the audit counted a fifth strike that challenge-service never
 * counted. Different topics (or two partitions of one topic that was given more) have no common order but their
 * times, so only there do times decide: each partition's events are merged with the others' by comparing the heads
 * alone, never two events of one partition.
 *
 * <p>The reader hands each partition's events on in offset order, and grouping them by user keeps that order, so a
 * user's events need no sort: they are linked partition by partition as they come and merged. Events that come
 * otherwise (a list put together by hand) are first put in offset order per partition, then merged the same way.
 * One instance per thread: its arrays are reused from user to user.
 */
final class ReplayOrder {

    /** Groups a user's events by topic-partition, each in offset order: only for events not read in that order. */
    private static final Comparator<AuditEvent> BY_POSITION = Comparator.comparing(AuditEvent::topic)
            .thenComparingInt(AuditEvent::partition).thenComparingLong(AuditEvent::offset);

    /** Per event (by its index as given), the index of its partition's next event, or -1. */
    private int[] next = new int[64];
    /** Per partition of the user: the index of its first event not yet merged, or -1; and of its last event. */
    private int[] head = new int[8];
    private int[] tail = new int[8];
    private AuditEvent[] merged = new AuditEvent[64];

    /** Puts a user's events in the order they are replayed in, in place. */
    void arrange(List<AuditEvent> events) {
        int partitions = link(events);
        if (partitions < 0) {
            events.sort(BY_POSITION);
            partitions = link(events);
        }
        if (partitions > 1) {
            merge(events, partitions);
        }
    }

    /**
     * Links each event to the next of its topic-partition and returns how many partitions there are; -1 when a
     * partition's events do not come in offset order.
     */
    private int link(List<AuditEvent> events) {
        int size = events.size();
        if (next.length < size) {
            next = new int[Math.max(size, next.length * 2)];
        }
        int partitions = 0;
        int last = -1;
        for (int i = 0; i < size; i++) {
            AuditEvent event = events.get(i);
            int partition = last >= 0 && events.get(tail[last]).samePartition(event) ? last
                    : partitionOf(events, event, partitions);
            if (partition == partitions) {
                if (partitions == head.length) {
                    head = Arrays.copyOf(head, partitions * 2);
                    tail = Arrays.copyOf(tail, partitions * 2);
                }
                head[partition] = i;
                partitions++;
            } else {
                if (events.get(tail[partition]).offset() > event.offset()) {
                    return -1;
                }
                next[tail[partition]] = i;
            }
            tail[partition] = i;
            next[i] = -1;
            last = partition;
        }
        return partitions;
    }

    /** The partition among the first {@code partitions} that holds {@code event}, or {@code partitions}: a new one. */
    private int partitionOf(List<AuditEvent> events, AuditEvent event, int partitions) {
        for (int p = 0; p < partitions; p++) {
            if (events.get(head[p]).samePartition(event)) {
                return p;
            }
        }
        return partitions;
    }

    /** Takes the earliest of the partitions' heads, again and again, until one partition is left, then its rest. */
    private void merge(List<AuditEvent> events, int partitions) {
        int size = events.size();
        if (merged.length < size) {
            merged = new AuditEvent[Math.max(size, merged.length * 2)];
        }
        int live = partitions;
        int out = 0;
        while (live > 1) {
            int earliest = 0;
            AuditEvent first = events.get(head[0]);
            for (int p = 1; p < live; p++) {
                AuditEvent candidate = events.get(head[p]);
                if (AuditEvent.chronologically(candidate, first) < 0) {
                    earliest = p;
                    first = candidate;
                }
            }
            merged[out++] = first;
            int following = next[head[earliest]];
            if (following >= 0) {
                head[earliest] = following;
            } else {
                head[earliest] = head[--live]; // the last live partition takes the emptied one's place
            }
        }
        for (int i = head[0]; i >= 0; i = next[i]) {
            merged[out++] = events.get(i);
        }
        for (int i = 0; i < size; i++) {
            events.set(i, merged[i]); // what is left in merged is held by the history anyway
        }
    }
}
