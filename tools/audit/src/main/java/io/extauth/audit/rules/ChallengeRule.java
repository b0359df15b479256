package io.extauth.audit.rules;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code ChallengeIssued} has exactly one {@code ChallengeResult}; a challenge that has not expired when the
 * history was taken is pending, not undecided. A result needs an issued challenge, except {@code REJECTED_LOCKED},
 * which answers a request that was never issued.
 */
public final class ChallengeRule implements Rule {

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        Map<String, AuditEvent> issued = new LinkedHashMap<>();
        Map<String, List<AuditEvent>> results = new HashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof ChallengeIssued challenge) {
                issued.putIfAbsent(challenge.challengeId(), event);
            } else if (event.data() instanceof ChallengeResult result) {
                results.computeIfAbsent(result.challengeId(), k -> new ArrayList<>()).add(event);
            }
        }
        issued.forEach((challengeId, event) -> {
            List<AuditEvent> decided = results.getOrDefault(challengeId, List.of());
            if (decided.isEmpty() && !event.as(ChallengeIssued.class).expiresAt().isAfter(context.asOf())) {
                violations.add(new Violation(ViolationKind.CHALLENGE_WITHOUT_RESULT, history.user(), List.of(event),
                        "challenge " + challengeId + " expired at " + event.as(ChallengeIssued.class).expiresAt()
                                + " without a ChallengeResult"));
            } else if (decided.size() > 1) {
                List<AuditEvent> events = new ArrayList<>(List.of(event));
                events.addAll(decided);
                violations.add(new Violation(ViolationKind.CHALLENGE_DECIDED_TWICE, history.user(), events,
                        "challenge " + challengeId + " has " + decided.size() + " ChallengeResults"));
            }
        });
        results.forEach((challengeId, decided) -> {
            if (!issued.containsKey(challengeId)) {
                for (AuditEvent event : decided) {
                    if (event.as(ChallengeResult.class).outcome() != ChallengeOutcome.REJECTED_LOCKED) {
                        violations.add(new Violation(ViolationKind.RESULT_WITHOUT_CHALLENGE, history.user(),
                                List.of(event), "challenge " + challengeId + " was decided "
                                        + event.as(ChallengeResult.class).outcome() + " but never issued"));
                    }
                }
            }
        });
        return violations;
    }
}
