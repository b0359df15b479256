package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Deactivated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, sixth pass: an {@link AuditEvent} keeps its position, time and a UUID id as plain fields, and
 * {@link DuplicateIds} finds UUID ids in a table of longs. Both must answer exactly as the record and the map of id
 * strings did (the map below, as it was in commit 40cde5d), for ids of every form: canonical UUIDs, the same in upper
 * case, near-UUIDs, any text.
 */
class CompactEventsUnitTest {

    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void anEventGivesBackThePositionIdAndTimeItWasMadeWith() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 20_000; i++) {
            String id = id(random, i);
            Position position = new Position(Topics.ALL.get(random.nextInt(Topics.ALL.size())), random.nextInt(3),
                    random.nextLong(1L << 40));
            Instant time = START.plusSeconds(random.nextInt(1_000_000)).plusNanos(random.nextInt(1_000_000_000));
            Deactivated data = new Deactivated("1000", "u" + i, "admin", time);

            AuditEvent event = new AuditEvent(position, id, time, data);

            assertThat(event.id()).isEqualTo(id);
            assertThat(event.position()).isEqualTo(position);
            assertThat(event.time()).isEqualTo(time);
            assertThat(event.data()).isSameAs(data);
            assertThat(event).isEqualTo(new AuditEvent(position, new String(id), time, data))
                    .hasSameHashCodeAs(new AuditEvent(position, new String(id), time, data))
                    .isNotEqualTo(new AuditEvent(position, id + "x", time, data))
                    .isNotEqualTo(new AuditEvent(position, id, time.plusNanos(1), data));
            if (EventIds.isCanonicalUuid(id)) {
                UUID uuid = UUID.fromString(id);
                assertThat(new AuditEvent(position.topic(), position.partition(), position.offset(),
                        uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), time, data)).isEqualTo(event);
            }
        }
    }

    @Test
    void duplicateIdsAreFoundExactlyAsTheMapOfIdStringsFoundThem() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 20; round++) {
            List<AuditEvent> events = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int size = 1 + random.nextInt(5_000);
            for (int i = 0; i < size; i++) {
                // a third of the records reuse an id seen before: redelivered (same data) or a clash (other data)
                String id = !ids.isEmpty() && random.nextInt(3) == 0 ? ids.get(random.nextInt(ids.size()))
                        : id(random, i);
                ids.add(id);
                Instant time = START.plusSeconds(random.nextInt(20));
                String user = "u" + random.nextInt(3);
                events.add(new AuditEvent(new Position(Topics.AUTH_ACTIVATED, 0, i), new String(id), time,
                        new Deactivated("1000", user, "admin", time)));
            }

            DuplicateIds.Result result = new DuplicateIds().check(events);
            DuplicateIds.Result before = checkAsBefore(events);

            assertThat(result.unique()).usingElementComparator((a, b) -> a == b ? 0 : 1)
                    .containsExactlyElementsOf(before.unique());
            assertThat(result.redelivered()).isEqualTo(before.redelivered());
            assertThat(result.violations()).isEqualTo(before.violations());
        }
    }

    /** UUIDs in canonical form mostly, and the forms that must stay text. */
    private static String id(SplittableRandom random, int i) {
        // halves from a small set half of the time: ids that share one half and differ in the other
        long high = random.nextBoolean() ? random.nextLong() : random.nextInt(8);
        long low = random.nextBoolean() ? random.nextLong() : random.nextInt(8);
        String uuid = new UUID(high, low).toString();
        return switch (random.nextInt(8)) {
            case 0 -> uuid.toUpperCase(Locale.ROOT);
            case 1 -> uuid.substring(0, 35);
            case 2 -> uuid.replace('-', 'x');
            case 3 -> "id-" + i;
            case 4 -> uuid.substring(0, 7) + "-" + uuid.charAt(7) + uuid.substring(9); // a dash moved: 36 characters
            default -> uuid;
        };
    }

    /** {@code DuplicateIds.check} as it was in commit 40cde5d: a map keyed by the id string. */
    private static DuplicateIds.Result checkAsBefore(List<AuditEvent> events) {
        Map<String, AuditEvent> first = new HashMap<>(Math.max(16, events.size() * 4 / 3));
        Map<String, List<AuditEvent>> conflicts = new LinkedHashMap<>();
        List<AuditEvent> unique = new ArrayList<>(events.size());
        int redelivered = 0;
        for (AuditEvent event : events) {
            AuditEvent earlier = first.putIfAbsent(event.id(), event);
            if (earlier == null) {
                unique.add(event);
            } else if (earlier.data().equals(event.data())) {
                redelivered++;
            } else {
                conflicts.computeIfAbsent(event.id(), k -> new ArrayList<>(List.of(earlier))).add(event);
            }
        }
        List<Violation> violations = new ArrayList<>();
        conflicts.forEach((id, clash) -> violations.add(new Violation(ViolationKind.DUPLICATE_EVENT_ID,
                clash.get(0).user(), clash, "event id " + id + " carries " + clash.size() + " different events: "
                        + clash.stream().map(AuditEvent::type).toList() + " - two effects under one idempotency key")));
        return new DuplicateIds.Result(unique, redelivered, violations);
    }
}
