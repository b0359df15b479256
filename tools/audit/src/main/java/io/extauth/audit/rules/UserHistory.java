package io.extauth.audit.rules;

import java.util.List;

/** A user's events in the order they happened, replayed through the lifecycle. */
public record UserHistory(UserKey user, List<Step> steps) {

    public UserHistory {
        steps = List.copyOf(steps);
    }

    public List<AuditEvent> events() {
        return steps.stream().map(Step::event).toList();
    }
}
