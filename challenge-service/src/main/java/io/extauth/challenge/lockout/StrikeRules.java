package io.extauth.challenge.lockout;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Standing;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Five strikes: a success resets the count, a failure (wrong answer, declined, unanswered, expired) adds one, and the
 * failure that reaches {@code maxFailures} locks the user for {@code lockDuration}; whether it locks is the
 * lifecycle machine's strike guard ({@link #lifecycle()}), the same rule the audit tool replays. Strikes count per user, across
 * portal and VPN. With a {@code counterResetWindow} (zero: off) a failure after that long without one starts the
 * count again. A fraud report fails the challenge and blocks the user: until an admin unblocks
 * ({@code fraudBlocksUntilAdmin}), or like a lockout.
 */
public record StrikeRules(int maxFailures, Duration lockDuration, Duration counterResetWindow,
        boolean fraudBlocksUntilAdmin) {

    public StrikeRules {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("lockDuration must be positive, was " + lockDuration);
        }
        if (counterResetWindow.isNegative()) {
            throw new IllegalArgumentException("counterResetWindow must not be negative, was " + counterResetWindow);
        }
    }

    /** Without a counter-reset window; fraud blocks until an admin unblocks. */
    public StrikeRules(int maxFailures, Duration lockDuration) {
        this(maxFailures, lockDuration, Duration.ZERO, true);
    }

    /** What a decision does to the user's strikes. */
    public record Decision(ChallengeOutcome outcome, int consecutiveFailures, int remainingAttempts,
            @Nullable Instant lockedUntil) {

        public boolean locks() {
            return outcome == ChallengeOutcome.LOCKED_OUT;
        }
    }

    public Decision success() {
        return new Decision(ChallengeOutcome.SUCCEEDED, 0, maxFailures, null);
    }

    /** A wrong or refused answer ({@code expired} false) or no answer in time ({@code expired} true). */
    public Decision failure(int consecutiveFailures, boolean expired, Instant now) {
        return failure(consecutiveFailures, null, expired, now);
    }

    /** As {@link #failure(int, boolean, Instant)}, forgetting earlier strikes after a quiet counter-reset window. */
    public Decision failure(int consecutiveFailures, @Nullable Instant lastFailureAt, boolean expired, Instant now) {
        int counted = counted(consecutiveFailures, lastFailureAt, now);
        int failures = counted + 1;
        // the lifecycle owns the threshold: the failure locks when its machine moves an active user to LOCKED
        Transition strike = lifecycle().fire(new Standing(LifecycleState.ACTIVE, counted), LifecycleTrigger.FAIL);
        if (strike.state() == LifecycleState.LOCKED) {
            return new Decision(ChallengeOutcome.LOCKED_OUT, failures, 0, now.plus(lockDuration));
        }
        return new Decision(expired ? ChallengeOutcome.EXPIRED : ChallengeOutcome.FAILED, failures,
                maxFailures - failures, null);
    }

    /** The lifecycle whose machine counts the strikes and locks at {@code maxFailures} (built once per threshold). */
    public UserLifecycle lifecycle() {
        return UserLifecycle.withStrikeLimit(maxFailures);
    }

    /** A fraud report: the challenge fails as a strike and the user is blocked at once, whatever the count. */
    public Decision fraud(int consecutiveFailures, @Nullable Instant lastFailureAt, Instant now) {
        int failures = Math.min(counted(consecutiveFailures, lastFailureAt, now) + 1, maxFailures);
        return new Decision(ChallengeOutcome.LOCKED_OUT, failures, 0,
                fraudBlocksUntilAdmin ? null : now.plus(lockDuration));
    }

    /**
     * How long one REJECTED_LOCKED challenge, made for a request while its user was locked, answers the requests of
     * the same user and channel that follow it while the user's lifecycle has not moved: they get its 423 and its id,
     * and nothing is written or published again. So a flood of requests against a locked user writes one challenge and
     * one result per channel a minute, not one per request; what the caller is told is the same either way.
     */
    public static final Duration REJECTION_STANDS = Duration.ofMinutes(1);

    /** A challenge asked for (or answered) while locked: no call, no strike. */
    public Decision rejectedWhileLocked(int consecutiveFailures, @Nullable Instant lockedUntil) {
        return new Decision(ChallengeOutcome.REJECTED_LOCKED, consecutiveFailures, 0, lockedUntil);
    }

    /**
     * A challenge the vendor could not deliver (the user was never called, texted or pushed): no strike; the standing
     * as it is, so the user may be asked again at once.
     */
    public Decision notDelivered(int consecutiveFailures, @Nullable Instant lastFailureAt, @Nullable Instant lockedUntil,
            Instant now) {
        int counted = counted(consecutiveFailures, lastFailureAt, now);
        return new Decision(ChallengeOutcome.NOT_DELIVERED, counted, Math.max(0, maxFailures - counted), lockedUntil);
    }

    /**
     * A challenge withdrawn because the factor's way of reaching or checking the user changed while it was open: no
     * strike; the standing as it is.
     */
    public Decision withdrawn(int consecutiveFailures, @Nullable Instant lastFailureAt, Instant now) {
        int counted = counted(consecutiveFailures, lastFailureAt, now);
        return new Decision(ChallengeOutcome.WITHDRAWN, counted, Math.max(0, maxFailures - counted), null);
    }

    /** The strikes that still count now: none once the counter-reset window has passed without a failure. */
    public int counted(int consecutiveFailures, @Nullable Instant lastFailureAt, Instant now) {
        boolean windowPassed = !counterResetWindow.isZero() && lastFailureAt != null
                && !lastFailureAt.plus(counterResetWindow).isAfter(now);
        return windowPassed ? 0 : consecutiveFailures;
    }
}
