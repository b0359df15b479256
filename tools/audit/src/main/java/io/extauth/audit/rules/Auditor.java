package io.extauth.audit.rules;

import io.extauth.lifecycle.UserLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit itself: drops redelivered records, groups events per account user, orders each user's events, replays
 * them through the lifecycle and runs every rule.
 */
public final class Auditor {

    private static final Comparator<Violation> REPORT_ORDER = Comparator.comparing(Violation::kind)
            .thenComparing(Violation::user)
            .thenComparing(v -> v.events().isEmpty() ? null : v.events().get(0), Comparator.nullsFirst(
                    AuditEvent.CHRONOLOGICAL));

    private final LifecycleReplay replay;
    private final List<Rule> rules;
    private final DuplicateIds duplicateIds = new DuplicateIds();

    public Auditor(UserLifecycle lifecycle, List<Rule> rules) {
        this.replay = new LifecycleReplay(lifecycle);
        this.rules = List.copyOf(rules);
    }

    /** The audit with every rule of the issue, on the lifecycle the services use. */
    public static Auditor standard() {
        return new Auditor(UserLifecycle.standard(), List.of(new OrderIntakeRule(), new ActivationRule(),
                new ProvisioningEmailRule(), new LockoutRule(), new ChallengeRule()));
    }

    public AuditResult audit(List<AuditEvent> events, Collection<DeadLetter> deadLetters, Instant asOf) {
        DuplicateIds.Result deduplicated = duplicateIds.check(events);
        List<Violation> violations = new ArrayList<>(deduplicated.violations());
        AuditContext context = new AuditContext(new DeadLetters(deadLetters), asOf);
        Map<UserKey, List<AuditEvent>> byUser = new HashMap<>();
        for (AuditEvent event : deduplicated.unique()) {
            byUser.computeIfAbsent(event.user(), k -> new ArrayList<>()).add(event);
        }
        List<UserHistory> users = new ArrayList<>(byUser.size());
        byUser.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            entry.getValue().sort(AuditEvent.CHRONOLOGICAL);
            UserHistory history = replay.replay(entry.getKey(), entry.getValue());
            users.add(history);
            for (Rule rule : rules) {
                violations.addAll(rule.check(history, context));
            }
        });
        violations.sort(REPORT_ORDER);
        return new AuditResult(users, violations, deduplicated.unique().size(), deduplicated.redelivered());
    }
}
