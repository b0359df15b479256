package io.extauth.challenge.login;

import io.extauth.challenge.factor.FactorLifecycle;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.UserFactors;
import io.extauth.challenge.lockout.LockoutProperties;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides a challenge exactly once and counts the strike, in one transaction: the user row is read FOR UPDATE, so two
 * decisions for one user run one after the other and cannot both be the fifth failure; the challenge moves from
 * PENDING by a conditional update, so a second answer or callback changes nothing.
 */
@Component
public class ChallengeDecisions {

    /** What the user's answer amounted to. */
    public enum Verdict { RIGHT, WRONG, NO_ANSWER_IN_TIME }

    /** The challenge after the decision; {@code decidedNow} is false when it had been decided before. */
    public record Decided(Challenge challenge, boolean decidedNow, int consecutiveFailures, int remainingAttempts,
            @org.jspecify.annotations.Nullable Instant lockedUntil) {
    }

    private final Challenges challenges;
    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final Outbox outbox;
    private final Clock clock;
    private final StrikeRules strikes;

    ChallengeDecisions(Challenges challenges, UserFactors factors, FactorLifecycle lifecycle, Outbox outbox,
            Clock clock, LockoutProperties lockout) {
        this.challenges = challenges;
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.clock = clock;
        this.strikes = lockout.rules();
    }

    @Transactional
    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_RESULT,
            payloadType = ChallengeResult.class, description = "How a challenge was decided, with strikes and lock"))
    public Optional<Decided> decide(UUID challengeId, Verdict verdict) {
        Optional<Challenge> found = challenges.find(challengeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Challenge challenge = found.get();
        UserFactor factor = factors.lock(challenge.accountId(), challenge.userId());
        if (challenge.status() != ChallengeStatus.PENDING) {
            return Optional.of(unchanged(challenge, factor));
        }
        Instant now = clock.instant();
        Verdict effective = verdict == Verdict.RIGHT && now.isAfter(challenge.expiresAt())
                ? Verdict.NO_ANSWER_IN_TIME : verdict;
        StrikeRules.Decision decision;
        if (factor.state() != LifecycleState.ACTIVE) {
            // locked by another decision meanwhile, or deactivated: nothing this challenge says counts
            decision = factor.state() == LifecycleState.LOCKED
                    ? strikes.rejectedWhileLocked(factor.consecutiveFailures(), factor.lockedUntil())
                    : new StrikeRules.Decision(ChallengeOutcome.FAILED, factor.consecutiveFailures(), 0, null);
        } else if (effective == Verdict.RIGHT) {
            decision = strikes.success();
        } else {
            decision = strikes.failure(factor.consecutiveFailures(), effective == Verdict.NO_ANSWER_IN_TIME, now);
        }
        if (!challenges.decide(challengeId, ChallengeStatus.of(decision.outcome()), decision.outcome(), now)) {
            return Optional.of(unchanged(challenges.find(challengeId).orElseThrow(), factor));
        }
        if (factor.state() == LifecycleState.ACTIVE) {
            UserFactor next = factor.withStrikes(decision.consecutiveFailures(), decision.lockedUntil());
            if (decision.locks()) {
                next = lifecycle.fire(next, LifecycleTrigger.LOCK, "failure " + decision.consecutiveFailures()
                        + " in a row, challenge " + challengeId).orElse(next);
            }
            factors.save(next, now);
        }
        outbox.publish(new ChallengeResult(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                challenge.channel(), decision.outcome(), decision.consecutiveFailures(), decision.remainingAttempts(),
                decision.lockedUntil(), now));
        return Optional.of(new Decided(challenges.find(challengeId).orElseThrow(), true,
                decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil()));
    }

    private Decided unchanged(Challenge challenge, UserFactor factor) {
        return new Decided(challenge, false, factor.consecutiveFailures(),
                Math.max(0, strikes.maxFailures() - factor.consecutiveFailures()), factor.lockedUntil());
    }
}
