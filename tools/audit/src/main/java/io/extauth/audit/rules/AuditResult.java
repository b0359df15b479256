package io.extauth.audit.rules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the audit found: every user's replayed history, the violations, and how many records were redeliveries. */
public record AuditResult(List<UserHistory> users, List<Violation> violations, int events, int redelivered) {

    public AuditResult {
        users = List.copyOf(users);
        violations = List.copyOf(violations);
    }

    public boolean clean() {
        return violations.isEmpty();
    }

    public Map<ViolationKind, Integer> violationsByKind() {
        Map<ViolationKind, Integer> byKind = new TreeMap<>();
        violations.forEach(v -> byKind.merge(v.kind(), 1, Integer::sum));
        return byKind;
    }
}
