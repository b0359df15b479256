package io.extauth.audit.rules;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Unlocked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Five strikes (challenge-service's {@code extauth.lockout.max-failures}, {@link StrikeSettings}), then locked until
 * the timer or an admin: {@code LOCKED_OUT} exactly at the fifth consecutive failure
 * (FAILED, EXPIRED and LOCKED_OUT are strikes, SUCCEEDED resets, REJECTED_LOCKED, NOT_DELIVERED and WITHDRAWN are no strike and
 * leave the count as it was), no SUCCEEDED while
 * locked, and a timer unlock not before {@code lockedUntil}. Strikes count per user across portal and VPN. With a
 * counter-reset window ({@code extauth.lockout.counter-reset-window}) a failure that long or longer after the last one
 * starts the count again, as challenge-service's {@code StrikeRules.counted} does. An unlock, a deactivation, an
 * activation and an order the lifecycle accepts ({@link LifecycleReplay}: a new order starts from scratch) start it
 * again too; the {@code FAILED} that challenge-service gives the open challenges of a user no longer active (deactivated
 * or ordered again) is no strike ({@link StrikeSettings#failedWithoutStrike}) where the replay finds the user no longer
 * active, or a {@code Deactivated} or accepted order stamped within the clocks' skew after it ({@link LifecycleReplay}
 * fires nothing for it); for a user still active with nothing of the kind near it, it is a strike as any
 * {@code FAILED}, so a service recording an active user's wrong answers so is caught at the fifth.
 * <p>
 * Each strike's {@code consecutiveFailures} is the count challenge-service kept: one that differs from the audit's
 * count is a {@code STRIKE_COUNT_MISMATCH} (the first of a streak; the streak goes on by the audit's count), so a
 * miscount shows where it happened, not only at the lock it moves, and also when the user never reaches one.
 * <p>
 * A fraud report locks at once: a {@code LOCKED_OUT} at fewer than five failures is right when a {@code FraudReported}
 * names the same challenge and was reported when it was decided (challenge-service writes both in one transaction,
 * with one clock reading): a report of that challenge made later excuses nothing. Such a lock has no {@code lockedUntil} and only an admin's {@code Unlocked} ends it; a
 * {@code TIMER} unlock of it is a {@code LOCK_ENDED_EARLY} (challenge-service may be set to let fraud blocks expire:
 * then the result carries a {@code lockedUntil} and the timer is judged against it as for any lock).
 */
public final class LockoutRule implements Rule {

    /** How far a fraud report's time may be from its challenge's decision and still be the one that decided it. */
    static final Duration REPORTED_WITH_ITS_DECISION = Duration.ofSeconds(1);

    private final StrikeSettings settings;

    /** With challenge-service's default strike settings. */
    public LockoutRule() {
        this(StrikeSettings.DEFAULTS);
    }

    public LockoutRule(StrikeSettings settings) {
        this.settings = settings;
    }

    /** Whether one of the challenge's reports (their times; a report without one counts as none) is its decision's. */
    private static boolean reportedWhenDecided(@Nullable List<Instant> reportedAt, @Nullable Instant decidedAt) {
        return reportedAt != null && decidedAt != null && reportedAt.stream().anyMatch(at ->
                Duration.between(decidedAt, at).abs().compareTo(REPORTED_WITH_ITS_DECISION) <= 0);
    }

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        int maxFailures = settings.maxFailures();
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
        boolean miscountShown = false;
        for (Step step : history.steps()) {
            AuditEvent event = step.event();
            if (event.data() instanceof ChallengeResult result) {
                Instant decidedAt = StrikeSettings.decidedAt(event, result);
                if (!streak.isEmpty() && isStrike(step, result) && settings.windowPassed(
                        StrikeSettings.decidedAt(streak.get(streak.size() - 1),
                                streak.get(streak.size() - 1).as(ChallengeResult.class)), decidedAt)) {
                    // the counter-reset window passed since the last strike: challenge-service counts from zero
                    streak.clear();
                    miscountShown = false;
                }
                switch (result.outcome()) {
                    case SUCCEEDED -> {
                        if (lock != null) {
                            violations.add(new Violation(ViolationKind.SUCCEEDED_WHILE_LOCKED, history.user(),
                                    List.of(lock, event), "challenge " + result.challengeId()
                                            + " succeeded while the user was locked by " + lock.id()));
                        }
                        streak.clear();
                        miscountShown = false;
                    }
                    case FAILED, EXPIRED -> {
                        if (lock == null && !noStrike(step, result)) {
                            streak.add(event);
                            if (streak.size() == maxFailures) {
                                violations.add(new Violation(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE,
                                        history.user(), streak, "the " + settings.lockingFailure()
                                                + " consecutive failure was " + result.outcome() + ", not LOCKED_OUT"));
                            } else if (result.consecutiveFailures() != streak.size() && !miscountShown) {
                                violations.add(new Violation(ViolationKind.STRIKE_COUNT_MISMATCH, history.user(),
                                        streak, result.outcome() + " of challenge " + result.challengeId()
                                                + " says consecutive failure " + result.consecutiveFailures()
                                                + ", the audit counts " + streak.size()));
                                miscountShown = true;
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
                            if (streak.size() > maxFailures || streak.size() < maxFailures && !fraud) {
                                violations.add(new Violation(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE,
                                        history.user(), streak, "LOCKED_OUT at consecutive failure " + streak.size()
                                                + ", not at the " + settings.lockingFailure()
                                                + (result.lockedUntil() == null
                                                        ? (reports == null ? ", and no FraudReported for challenge "
                                                                + result.challengeId() : ", and the FraudReported for "
                                                                + "challenge " + result.challengeId()
                                                                + " was not reported with its decision") : "")));
                            }
                            lock = event;
                        }
                        streak.clear();
                        miscountShown = false;
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
                miscountShown = false;
            } else if (event.data() instanceof Deactivated || event.data() instanceof Activated
                    || event.data() instanceof AuthOrdered && step.transition() != null
                            && step.transition().accepted()) {
                // an order the replay accepted starts from scratch (challenge-service's UserFactor.ordered: no
                // strikes, no lock); one it refused (the same order again, a stale one) changes nothing
                lock = null;
                streak.clear();
                miscountShown = false;
            }
        }
        return violations;
    }

    /**
     * A no-strike {@code FAILED} the replay let count nothing ({@link LifecycleReplay} fires no trigger for it when the
     * user was no longer active); every other {@code FAILED} fires FAIL there.
     */
    private static boolean noStrike(Step step, ChallengeResult result) {
        return StrikeSettings.failedWithoutStrike(result) && step.transition() == null;
    }

    /** A result challenge-service counted as a strike, for which it looked at the counter-reset window. */
    private static boolean isStrike(Step step, ChallengeResult result) {
        return switch (result.outcome()) {
            case FAILED -> !noStrike(step, result);
            case EXPIRED, LOCKED_OUT -> true;
            default -> false;
        };
    }

    private static boolean endsEarly(Instant at, @Nullable Instant lockedUntil) {
        return lockedUntil == null || at.isBefore(lockedUntil);
    }
}
