package io.extauth.challenge.login;

import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.LifecycleState;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How one answer decides one challenge, given where the user stands. The caller holds the user's row lock, so
 * decisions for one user come one after the other. The answer is a {@link Supplier} that is asked only when it can
 * matter: never for a challenge decided already, never while the user is locked or not active, never after the
 * challenge expired. That is what makes "no answer is checked after the lock" true by construction.
 */
public final class DecisionRules {

    /**
     * What the user's answer amounted to; one known without this service's secrets is itself the answer.
     * NOT_DELIVERED: the vendor reported the contact lost (an outage), the user could not answer. WITHDRAWN: the
     * factor's way of reaching or checking the user changed while the challenge was open (an admin replaced the phone,
     * reset the PIN, suspended challenges): what was sent under the old one proves nothing now.
     */
    public enum Verdict implements ChallengeAnswer { RIGHT, WRONG, NO_ANSWER_IN_TIME, FRAUD, NOT_DELIVERED, WITHDRAWN }

    /** The strike-relevant part of a user, before and after a decision. */
    public record Standing(LifecycleState state, int consecutiveFailures, @Nullable Instant lastFailureAt,
            @Nullable Instant lockedUntil, @Nullable Instant fraudReportedAt) {
    }

    /** The ruling on one answer. */
    public sealed interface Ruling {
    }

    /** The challenge had been decided: nothing changes, nothing is published. */
    public record AlreadyDecided() implements Ruling {
    }

    /**
     * The challenge is decided now.
     *
     * @param answerChecked whether the answer was looked at (false while locked, not active or expired)
     * @param locks whether this decision locks the user (the n-th failure or a fraud report)
     * @param fraud whether the user reported the challenge as fraud
     */
    public record Decided(StrikeRules.Decision decision, Standing after, boolean answerChecked, boolean locks,
            boolean fraud) implements Ruling {

        public ChallengeOutcome outcome() {
            return decision.outcome();
        }
    }

    private final StrikeRules strikes;

    public DecisionRules(StrikeRules strikes) {
        this.strikes = strikes;
    }

    /**
     * Whether {@link #decide} would look at the answer now: a pending challenge of an active user, not expired. An
     * answer a vendor must judge is sent to the vendor only then (and the ruling is made again once it has judged).
     */
    public static boolean looksAtAnswer(boolean pending, Instant expiresAt, LifecycleState state, Instant now) {
        return pending && state == LifecycleState.ACTIVE && !now.isAfter(expiresAt);
    }

    public Ruling decide(boolean pending, Instant expiresAt, Standing user, Supplier<Verdict> answer, Instant now) {
        if (!pending) {
            return new AlreadyDecided();
        }
        if (user.state() == LifecycleState.LOCKED) {
            return new Decided(strikes.rejectedWhileLocked(user.consecutiveFailures(), user.lockedUntil()), user,
                    false, false, false);
        }
        if (user.state() != LifecycleState.ACTIVE) {
            // deactivated or re-ordered meanwhile: the challenge fails, but there is nothing to count strikes on
            return new Decided(new StrikeRules.Decision(ChallengeOutcome.FAILED, user.consecutiveFailures(), 0, null),
                    user, false, false, false);
        }
        boolean late = !looksAtAnswer(true, expiresAt, user.state(), now);
        Verdict verdict = late ? Verdict.NO_ANSWER_IN_TIME : answer.get();
        return switch (verdict) {
            case RIGHT -> new Decided(strikes.success(),
                    new Standing(LifecycleState.ACTIVE, 0, null, null, null), !late, false, false);
            case WRONG, NO_ANSWER_IN_TIME -> {
                StrikeRules.Decision failure = strikes.failure(user.consecutiveFailures(), user.lastFailureAt(),
                        verdict == Verdict.NO_ANSWER_IN_TIME, now);
                yield new Decided(failure, new Standing(failure.locks() ? LifecycleState.LOCKED : LifecycleState.ACTIVE,
                        failure.consecutiveFailures(), now, failure.lockedUntil(), null), !late, failure.locks(),
                        false);
            }
            case NOT_DELIVERED -> new Decided(strikes.notDelivered(user.consecutiveFailures(), user.lastFailureAt(),
                    user.lockedUntil(), now), user, true, false, false);
            case WITHDRAWN -> new Decided(strikes.withdrawn(user.consecutiveFailures(), user.lastFailureAt(), now),
                    user, false, false, false);
            case FRAUD -> {
                StrikeRules.Decision fraud = strikes.fraud(user.consecutiveFailures(), user.lastFailureAt(), now);
                yield new Decided(fraud, new Standing(LifecycleState.LOCKED, fraud.consecutiveFailures(), now,
                        fraud.lockedUntil(), now), true, true, true);
            }
        };
    }
}
