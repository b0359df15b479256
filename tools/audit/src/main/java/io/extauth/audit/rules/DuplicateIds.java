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

    /** UUIDs (two longs) to the index of the first event that carried each: open addressing, linear probing. */
    static final class UuidTable {

        private long[] highs;
        private long[] lows;
        /** The index of the event plus one; 0 for an empty slot. */
        private int[] slots;
        private int size;

        UuidTable(int expected) {
            int capacity = Integer.highestOneBit(Math.min(Math.max(16, expected), 1 << 28) * 2 - 1) << 1;
            highs = new long[capacity];
            lows = new long[capacity];
            slots = new int[capacity];
        }

        /** The index already stored for the UUID, or -1 after storing {@code index} for it. */
        int putIfAbsent(long high, long low, int index) {
            int mask = slots.length - 1;
            for (int at = hash(high, low) & mask; ; at = (at + 1) & mask) {
                int slot = slots[at];
                if (slot == 0) {
                    highs[at] = high;
                    lows[at] = low;
                    slots[at] = index + 1;
                    if (++size * 2 > slots.length) {
                        grow();
                    }
                    return -1;
                }
                if (highs[at] == high && lows[at] == low) {
                    return slot - 1;
                }
            }
        }

        private void grow() {
            long[] oldHighs = highs;
            long[] oldLows = lows;
            int[] oldSlots = slots;
            highs = new long[oldSlots.length * 2];
            lows = new long[oldSlots.length * 2];
            slots = new int[oldSlots.length * 2];
            int mask = slots.length - 1;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    int at = hash(oldHighs[i], oldLows[i]) & mask;
                    while (slots[at] != 0) {
                        at = (at + 1) & mask;
                    }
                    highs[at] = oldHighs[i];
                    lows[at] = oldLows[i];
                    slots[at] = oldSlots[i];
                }
            }
        }

        private static int hash(long high, long low) {
            long h = (high ^ Long.rotateLeft(low, 31)) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ h >>> 32);
        }
    }
}
