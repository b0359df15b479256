package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.DecisionRules;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.adapter.FraudProperties;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.login.DecisionRules.Decided;
import io.extauth.challenge.login.DecisionRules.Standing;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.lifecycle.UserLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides a challenge exactly once and counts the strike, in one transaction: the user row is read FOR UPDATE first,
 * so decisions for one user run one after the other and cannot both be the fifth failure; the challenge is read again
 * under that lock and moves from PENDING by a conditional update, so a second answer or callback changes nothing. The
 * answer is checked under the lock too, and only when {@link DecisionRules} asks for it: never once the user is
 * locked. The result goes to the outbox in the same transaction, so a crash cannot separate decision and event.
 * <p>
 * A challenge not yet recorded as issued is decided only by the user's answer (the expiry timer never picks it): the
 * answer shows the user was reached, so the challenge is announced first, in the same transaction, and the history
 * never holds a result without its {@code ChallengeIssued}.
 */
@Component
public class ChallengeDecisions {

    /** Checks what the user did against the challenge and the user's secrets; runs under the user's row lock. */
    @FunctionalInterface
    public interface AnswerCheck {
        Verdict check(Challenge challenge, UserFactor factor);
    }

    /** The challenge after the decision; {@code decidedNow} is false when it had been decided before. */
    public record Outcome(Challenge challenge, boolean decidedNow, int consecutiveFailures, int remainingAttempts,
            @Nullable Instant lockedUntil) {
    }

    private final Challenges challenges;
    private final UserFactors factors;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final StrikeRules strikes;
    private final ChallengeEvents events;
    private final Clock clock;
    private final DecisionRules rules;
    private final int maxFailures;
    private final Counter answersChecked;
    private final ChallengeAnnouncements announcements;

    ChallengeDecisions(Challenges challenges, UserFactors factors, FactorTransitions transitions, ChallengeEvents events,
            Clock clock, LockoutProperties lockout, FraudProperties fraud, MeterRegistry meters,
            ChallengeAnnouncements announcements) {
        this.challenges = challenges;
        this.factors = factors;
        this.transitions = transitions;
        this.strikes = lockout.rules(fraud);
        this.lifecycle = strikes.lifecycle();
        this.events = events;
        this.clock = clock;
        this.rules = new DecisionRules(strikes);
        this.maxFailures = lockout.maxFailures();
        this.answersChecked = Counter.builder("extauth.challenges.answers.checked")
                .description("Answers checked against a challenge (never while the user is locked)").register(meters);
        this.announcements = announcements;
    }

    /** Decides by a verdict known without looking at an answer (no answer in time). */
    @Transactional
    public Optional<Outcome> decide(UUID challengeId, Verdict verdict) {
        return decide(challengeId, (challenge, factor) -> verdict);
    }

    @Transactional
    public Optional<Outcome> decide(UUID challengeId, AnswerCheck check) {
        Optional<Challenge> unlocked = challenges.find(challengeId);
        if (unlocked.isEmpty()) {
            return Optional.empty();
        }
        UserFactor factor = factors.lock(unlocked.get().accountId(), unlocked.get().userId());
        Optional<Challenge> locked = challenges.find(challengeId); // again, now that its user is locked
        if (locked.isEmpty()) {
            return Optional.empty(); // never issued, and given up meanwhile
        }
        Challenge challenge = locked.get();
        // PostgreSQL keeps microseconds: the event says exactly what the row says
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (challenge.issuedAt() == null && challenge.status() == ChallengeStatus.PENDING && !announcements.announce(
                challenge, ChallengeAnnouncements.destinationOf(challenge, factor), now)) {
            return Optional.empty(); // given up between the two reads
        }
        DecisionRules.Ruling ruling = rules.decide(challenge.status() == ChallengeStatus.PENDING,
                challenge.expiresAt(), standing(factor), () -> {
                    answersChecked.increment();
                    return check.check(challenge, factor);
                }, now);
        if (!(ruling instanceof Decided decided)) {
            return Optional.of(unchanged(challenge, factor));
        }
        if (!challenges.decide(challengeId, ChallengeStatus.of(decided.outcome()), decided.outcome(), now)) {
            throw new IllegalStateException("challenge " + challengeId + " was decided under its user's lock");
        }
        StrikeRules.Decision decision = decided.decision();
        if (!decided.after().equals(standing(factor))) {
            String cause = (decided.fraud() ? "fraud reported" : decided.outcome() + ", failure "
                    + decision.consecutiveFailures() + " in a row") + ", challenge " + challengeId;
            int counted = strikes.counted(factor.consecutiveFailures(), factor.lastFailureAt(), now);
            transitions.apply(challenge.accountId(), challenge.userId(), user -> switch (decided.outcome()) {
                case SUCCEEDED -> user.succeed(lifecycle, cause);
                default -> decided.fraud() ? user.lock(lifecycle, counted, now, decision.lockedUntil(), cause)
                        : user.fail(lifecycle, counted, now, decision.lockedUntil(), cause);
            });
        }
        events.result(new ChallengeResult(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                challenge.channel(), decided.outcome(), decision.consecutiveFailures(), decision.remainingAttempts(),
                decision.lockedUntil(), now));
        if (decided.fraud()) {
            events.fraudReported(new FraudReported(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                    challenge.channel(), challenge.method(), now));
        }
        return Optional.of(new Outcome(challenges.find(challengeId).orElseThrow(), true,
                decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil()));
    }

    private static Standing standing(UserFactor factor) {
        return new Standing(factor.state(), factor.consecutiveFailures(), factor.lastFailureAt(),
                factor.lockedUntil(), factor.fraudReportedAt());
    }

    private Outcome unchanged(Challenge challenge, UserFactor factor) {
        return new Outcome(challenge, false, factor.consecutiveFailures(),
                Math.max(0, maxFailures - factor.consecutiveFailures()), factor.lockedUntil());
    }
}
