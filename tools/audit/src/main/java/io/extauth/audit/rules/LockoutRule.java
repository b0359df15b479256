package io.extauth.audit.rules;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Five strikes, then locked until the timer or an admin: {@code LOCKED_OUT} exactly at the fifth consecutive failure
 * (FAILED, EXPIRED and LOCKED_OUT are strikes, SUCCEEDED resets, REJECTED_LOCKED, NOT_DELIVERED and WITHDRAWN are no strike and
 * leave the count as it was), no SUCCEEDED while
 * locked, and a timer unlock not before {@code lockedUntil}. Strikes count per user across portal and VPN.
 * <p>
 * A fraud report locks at once: a {@code LOCKED_OUT} at fewer than five failures is right when a {@code FraudReported}
 * names the same challenge and was reported when it was decided (challenge-service writes both in one transaction,
 * with one clock reading): a report of that challenge made later excuses nothing. Such a lock has no {@code lockedUntil} and only an admin's {@code Unlocked} ends it; a
 * {@code TIMER} unlock of it is a {@code LOCK_ENDED_EARLY} (challenge-service may be set to let fraud blocks expire:
 * then the result carries a {@code lockedUntil} and the timer is judged against it as for any lock).
 */
public final class LockoutRule implements Rule {

    /** The lifecycle's threshold: the same rule the services and the replay run. */
    public static final int MAX_FAILURES = UserLifecycle.DEFAULT_MAX_FAILURES;

    /** How far a fraud report's time may be from its challenge's decision and still be the one that decided it. */
    static final Duration REPORTED_WITH_ITS_DECISION = Duration.ofSeconds(1);

    /** Whether one of the challenge's reports (their times; a report without one counts as none) is its decision's. */
    private static boolean reportedWhenDecided(@Nullable List<Instant> reportedAt, @Nullable Instant decidedAt) {
        return reportedAt != null && decidedAt != null && reportedAt.stream().anyMatch(at ->
                Duration.between(decidedAt, at).abs().compareTo(REPORTED_WITH_ITS_DECISION) <= 0);
    }

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        List<Violation> violations = new ArrayList<>();
        List<AuditEvent> streak = new ArrayList<>();
        // every report of a challenge counts, each by its own time: a forged one dated otherwise hides no other
        Map<String, List<Instant>> fraudReports = new HashMap<>();
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof FraudReported fraud) {
                List<Instant> times = fraudReports.computeIfAbsent(fraud.challengeId(), id -> new ArrayList<>());
                if (fraud.reportedAt() != null) {
                    times.add(fraud.reportedAt());
                }
            }
        }
        Set<String> fraudChallenges = fraudReports.keySet();
        AuditEvent lock = null;
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof ChallengeResult result) {
                switch (result.outcome()) {
                    case SUCCEEDED -> {
                        if (lock != null) {
                            violations.add(new Violation(ViolationKind.SUCCEEDED_WHILE_LOCKED, history.user(),
                                    List.of(lock, event), "challenge " + result.challengeId()
                                            + " succeeded while the user was locked by " + lock.id()));
                        }
                        streak.clear();
                    }
                    case FAILED, EXPIRED -> {
                        if (lock == null) {
                            streak.add(event);
                            if (streak.size() == MAX_FAILURES) {
                                violations.add(new Violation(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE,
                                        history.user(), streak, "the fifth consecutive failure was "
                                                + result.outcome() + ", not LOCKED_OUT"));
                            }
                        }
                    }
                    case LOCKED_OUT -> {
                        if (lock != null) {
                            violations.add(new Violation(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE, history.user(),
                                    List.of(lock, event), "LOCKED_OUT while already locked by " + lock.id()));
                        } else {
                            streak.add(event);
                            List<Instant> reports = fraudReports.get(result.challengeId());
                            boolean fraud = reportedWhenDecided(reports, result.decidedAt());
                            if (streak.size() > MAX_FAILURES || streak.size() < MAX_FAILURES && !fraud) {
                                violations.add(new Violation(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE,
                                        history.user(), streak, "LOCKED_OUT at consecutive failure " + streak.size()
                                                + ", not at the fifth" + (result.lockedUntil() == null
                                                        ? (reports == null ? ", and no FraudReported for challenge "
                                                                + result.challengeId() : ", and the FraudReported for "
                                                                + "challenge " + result.challengeId()
                                                                + " was not reported with its decision") : "")));
                            }
                            lock = event;
                        }
                        streak.clear();
                    }
                    case REJECTED_LOCKED -> {
                        // asked while locked: no call was placed and it is no strike
                    }
                    case NOT_DELIVERED, WITHDRAWN -> {
                        // the vendor could not reach the user, or the factor changed while it was open: no strike,
                        // and the count stays as it was
                    }
                }
            } else if (event.data() instanceof Unlocked unlocked) {
                if (lock != null) {
                    ChallengeResult locked = lock.as(ChallengeResult.class);
                    Instant lockedUntil = locked.lockedUntil();
                    if (Unlocked.BY_TIMER.equals(unlocked.by()) && lockedUntil == null
                            && fraudChallenges.contains(locked.challengeId())) {
                        violations.add(new Violation(ViolationKind.LOCK_ENDED_EARLY, history.user(),
                                List.of(lock, event), "the timer unlocked at " + unlocked.at() + " a fraud block"
                                        + " (challenge " + locked.challengeId() + ") that only an admin may end"));
                    } else if (Unlocked.BY_TIMER.equals(unlocked.by()) && endsEarly(unlocked.at(), lockedUntil)) {
                        violations.add(new Violation(ViolationKind.LOCK_ENDED_EARLY, history.user(),
                                List.of(lock, event), "the timer unlocked at " + unlocked.at()
                                        + " a lock that held until " + lockedUntil));
                    }
                }
                lock = null;
                streak.clear();
            } else if (event.data() instanceof Deactivated || event.data() instanceof Activated) {
                lock = null;
                streak.clear();
            }
        }
        return violations;
    }

    private static boolean endsEarly(Instant at, @Nullable Instant lockedUntil) {
        return lockedUntil == null || at.isBefore(lockedUntil);
    }
}
