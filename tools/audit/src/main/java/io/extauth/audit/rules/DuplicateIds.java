package io.extauth.audit.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event id is the idempotency key: the same id twice with the same content is one event delivered twice (one
 * effect, kept once); the same id with different content is two effects under one key, a violation.
 */
public final class DuplicateIds {

    /** The events with each id kept once, how many records were redeliveries, and the ids that carry two events. */
    public record Result(List<AuditEvent> unique, int redelivered, List<Violation> violations) {
    }

    public Result check(List<AuditEvent> events) {
        // ids of the UUID form (all the services write) in a table of longs: a map of a million strings to events was
        // a third of the audit phase and a million more objects for the collector to copy
        UuidTable firstByUuid = new UuidTable(events.size());
        Map<String, AuditEvent> firstByText = new HashMap<>();
        Map<String, List<AuditEvent>> conflicts = new LinkedHashMap<>();
        List<AuditEvent> unique = new ArrayList<>(events.size());
        int redelivered = 0;
        for (int i = 0; i < events.size(); i++) {
            AuditEvent event = events.get(i);
            AuditEvent earlier;
            if (event.uuidId()) {
                int first = firstByUuid.putIfAbsent(event.idHigh(), event.idLow(), i);
                earlier = first < 0 ? null : events.get(first);
            } else {
                earlier = firstByText.putIfAbsent(event.idText(), event);
            }
            if (earlier == null) {
                unique.add(event);
            } else if (earlier.data().equals(event.data())) {
                redelivered++;
            } else {
                AuditEvent first = earlier;
                conflicts.computeIfAbsent(event.id(), k -> new ArrayList<>(List.of(first))).add(event);
            }
        }
        List<Violation> violations = new ArrayList<>();
        conflicts.forEach((id, clash) -> violations.add(new Violation(ViolationKind.DUPLICATE_EVENT_ID,
                clash.get(0).user(), clash, "event id " + id + " carries " + clash.size() + " different events: "
                        + clash.stream().map(AuditEvent::type).toList() + " - two effects under one idempotency key")));
        return new Result(unique, redelivered, violations);
    }

    /**
     * UUIDs (two longs) to the index of the first event that carried each: open addressing, linear probing, each entry
     * (high, low, index + 1; 0 for an empty slot) side by side in one array, so a probe touches one cache line where
     * three arrays touched three (a million random ids miss the cache on every probe; issue 14, eighth pass).
     */
    static final class UuidTable {

        private static final int STRIDE = 3;
        /** The most slots whose entries one int can index: {@code capacity * STRIDE} stays below 2^31. */
        private static final int MAX_CAPACITY = 1 << 29;

        private long[] entries;
        private int capacity;
        private int size;

        UuidTable(int expected) {
            capacity = Integer.highestOneBit(Math.min(Math.max(16, expected), 1 << 26) * 2 - 1) << 1;
            entries = new long[capacity * STRIDE];
        }

        /** The index already stored for the UUID, or -1 after storing {@code index} for it. */
        int putIfAbsent(long high, long low, int index) {
            int mask = capacity - 1;
            for (int at = hash(high, low) & mask; ; at = (at + 1) & mask) {
                int entry = at * STRIDE;
                long slot = entries[entry + 2];
                if (slot == 0) {
                    entries[entry] = high;
                    entries[entry + 1] = low;
                    entries[entry + 2] = index + 1L;
                    if (++size * 2 > capacity) {
                        grow();
                    }
                    return -1;
                }
                if (entries[entry] == high && entries[entry + 1] == low) {
                    return (int) (slot - 1);
                }
            }
        }

        private void grow() {
            if (capacity > MAX_CAPACITY / 2) {
                // an int index times the stride would overflow: far beyond what a 1 GiB heap holds anyway
                throw new IllegalStateException("more than " + MAX_CAPACITY / 2 + " event ids in one audit: start it "
                        + "later in the history (--from)");
            }
            long[] old = entries;
            capacity *= 2;
            entries = new long[capacity * STRIDE];
            int mask = capacity - 1;
            for (int from = 0; from < old.length; from += STRIDE) {
                if (old[from + 2] != 0) {
                    int at = hash(old[from], old[from + 1]) & mask;
                    while (entries[at * STRIDE + 2] != 0) {
                        at = (at + 1) & mask;
                    }
                    System.arraycopy(old, from, entries, at * STRIDE, STRIDE);
                }
            }
        }

        private static int hash(long high, long low) {
            long h = (high ^ Long.rotateLeft(low, 31)) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ h >>> 32);
        }
    }
}
