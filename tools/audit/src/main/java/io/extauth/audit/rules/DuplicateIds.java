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
        return new Result(unique, redelivered, violations);
    }
}
