package io.extauth.audit.rules;

import java.util.List;

/** A broken guarantee: what kind, whose, the events that show it and one line that explains it. */
public record Violation(ViolationKind kind, UserKey user, List<AuditEvent> events, String explanation) {

    public Violation {
        events = List.copyOf(events);
    }
}
