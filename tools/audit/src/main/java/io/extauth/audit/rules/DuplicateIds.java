package io.extauth.audit.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    /** What each record turned out to be. */
    private static final byte UNIQUE = 0;
    private static final byte REDELIVERED = 1;
    private static final byte CLASHING = 2;

    public Result check(List<AuditEvent> events) {
        return check(events, false);
    }

    /**
     * The same, on two threads when {@code twoThreads} (this one and another): each takes the ids of one half of the
     * hash range and walks all the events in order, so every id meets its events in the order one thread meets them
     * and is judged as one thread judges it (issue 14, ninth pass: on a million events this phase ran on one core
     * after the read, while the other waited). The halves' outcomes are joined in the events' order.
     */
    public Result check(List<AuditEvent> events, boolean twoThreads) {
        // what each record turned out to be, by its index: each index is written by the one half that owns its id
        byte[] outcomes = new byte[events.size()];
        Half[] halves = twoThreads ? new Half[] {new Half(events, outcomes, 0, 2), new Half(events, outcomes, 1, 2)}
                : new Half[] {new Half(events, outcomes, 0, 1)};
        Parallel.run(halves);
        List<AuditEvent> unique = new ArrayList<>(events.size());
        int redelivered = 0;
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == UNIQUE) {
                unique.add(events.get(i));
            } else if (outcomes[i] == REDELIVERED) {
                redelivered++;
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (Conflict conflict : Conflict.inOrder(halves)) {
            List<AuditEvent> clash = conflict.events();
            violations.add(new Violation(ViolationKind.DUPLICATE_EVENT_ID, clash.get(0).user(), clash, "event id "
                    + conflict.id() + " carries " + clash.size() + " different events: "
                    + clash.stream().map(AuditEvent::type).toList() + " - two effects under one idempotency key"));
        }
        return new Result(unique, redelivered, violations);
    }

    /** The events whose ids fall in one of {@code of} parts of the hash range, judged in order. */
    private static final class Half implements Runnable {

        private final List<AuditEvent> events;
        private final byte[] outcomes;
        private final int part;
        private final int of;
        /** The ids that carry two events, in the order their second event came (as a LinkedHashMap kept them). */
        private final List<Conflict> conflicts = new ArrayList<>();

        Half(List<AuditEvent> events, byte[] outcomes, int part, int of) {
            this.events = events;
            this.outcomes = outcomes;
            this.part = part;
            this.of = of;
        }

        @Override
        public void run() {
            // ids of the UUID form (all the services write) in a table of longs: a map of a million strings to events
            // was a third of the audit phase and a million more objects for the collector to copy
            UuidTable firstByUuid = new UuidTable(events.size() / of);
            Map<String, AuditEvent> firstByText = new HashMap<>();
            Map<String, Conflict> byId = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                AuditEvent event = events.get(i);
                AuditEvent earlier;
                if (event.uuidId()) {
                    int hash = UuidTable.hash(event.idHigh(), event.idLow());
                    if (partOf(hash) != part) {
                        continue;
                    }
                    int first = firstByUuid.putIfAbsent(event.idHigh(), event.idLow(), hash, i);
                    earlier = first < 0 ? null : events.get(first);
                } else {
                    if (partOf(event.idText().hashCode() * 0x9E3779B9) != part) {
                        continue;
                    }
                    earlier = firstByText.putIfAbsent(event.idText(), event);
                }
                if (earlier == null) {
                    outcomes[i] = UNIQUE;
                } else if (earlier.data().equals(event.data())) {
                    outcomes[i] = REDELIVERED;
                } else {
                    outcomes[i] = CLASHING;
                    String id = event.id();
                    Conflict conflict = byId.get(id);
                    if (conflict == null) {
                        conflict = new Conflict(i, id, new ArrayList<>(List.of(earlier)));
                        byId.put(id, conflict);
                        conflicts.add(conflict);
                    }
                    conflict.events().add(event);
                }
            }
        }

        /** Which part a hash falls in: its top bits (the table's slots come from its low ones). */
        private int partOf(int hash) {
            return of == 1 ? 0 : (int) ((hash & 0xFFFFFFFFL) * of >>> 32);
        }
    }

    /** An id carrying different events, and the index of the record that made it one. */
    private record Conflict(int at, String id, List<AuditEvent> events) {

        /** The conflicts of all halves in the order of the records that made them (each half's list is in order). */
        static List<Conflict> inOrder(Half[] halves) {
            List<Conflict> all = new ArrayList<>();
            for (Half half : halves) {
                all.addAll(half.conflicts);
            }
            all.sort(Comparator.comparingInt(Conflict::at));
            return all;
        }
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
            return putIfAbsent(high, low, hash(high, low), index);
        }

        /** The same, with the UUID's {@link #hash} already made. */
        int putIfAbsent(long high, long low, int hash, int index) {
            int mask = capacity - 1;
            for (int at = hash & mask; ; at = (at + 1) & mask) {
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

        static int hash(long high, long low) {
            long h = (high ^ Long.rotateLeft(low, 31)) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ h >>> 32);
        }
    }
}
