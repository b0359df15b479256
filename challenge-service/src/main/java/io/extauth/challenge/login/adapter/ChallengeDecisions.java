package io.extauth.challenge.login.adapter;

import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeAnswer;
import io.extauth.challenge.login.ChallengeAnswerRules;
import io.extauth.challenge.login.PhoneAnswer;
import io.extauth.challenge.login.TypedInTime;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.DecisionRules;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.adapter.AttemptReservations;
import io.extauth.challenge.lockout.adapter.AttemptReservations.Purpose;
import io.extauth.challenge.lockout.adapter.FraudProperties;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.login.DecisionRules.Decided;
import io.extauth.challenge.login.DecisionRules.Standing;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.lifecycle.UserLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides a challenge exactly once and counts the strike, in one transaction: the challenge's user row is locked
 * FOR UPDATE first (found by the challenge's id in one statement), so decisions for one user run one after the other
 * and cannot both be the fifth failure; the challenge is read once, under that lock, and moves from PENDING by a
 * conditional update, so a second answer or callback changes nothing. The answer comes as data and is judged under the
 * lock too, and only when {@link DecisionRules} asks for it: never once the user is locked. The result goes to the
 * outbox in the same transaction, so a crash cannot separate decision and event. A decision that changes nothing but
 * the challenge is written by the statement that commits it ({@code AtCommit}), checked there to change one row.
 * <p>
 * A challenge not yet recorded as issued is decided only by the user's answer (the expiry timer never picks it): the
 * answer shows the user was reached, so the challenge is announced first, in the same transaction, and the history
 * never holds a result without its {@code ChallengeIssued}.
 */
@Component
public class ChallengeDecisions {

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
    private final Secrets secrets;
    private final Duration vendorHold;
    private final AttemptReservations reservations;

    ChallengeDecisions(Challenges challenges, UserFactors factors, FactorTransitions transitions, ChallengeEvents events,
            Clock clock, LockoutProperties lockout, FraudProperties fraud, MeterRegistry meters,
            ChallengeAnnouncements announcements, Secrets secrets, ChallengeProperties properties,
            AttemptReservations reservations) {
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
        this.secrets = secrets;
        this.vendorHold = properties.expiry().vendorHold();
        this.reservations = reservations;
    }

    /**
     * Decides the challenge by {@code answer}, looked at only when {@link DecisionRules} says it can matter; empty when
     * there is no such challenge (or it was given up before it reached the user).
     */
    @Transactional
    public Optional<Outcome> decide(UUID challengeId, ChallengeAnswer answer) {
        Optional<UserFactor> owner = factors.lockOwnerOf(challengeId);
        return decideUnderLock(owner.orElse(null), challengeId, answer);
    }

    /**
     * The expiry of a Symantec challenge ({@code NO_ANSWER_IN_TIME}), unless a code its user typed in time is with VIP:
     * looked for under the user's lock, which an answer takes to reserve its attempt, so one reserved just before the
     * end and committed after the timer's scan is seen here ({@code TypedInTime} decides that challenge). Empty when
     * nothing was decided.
     */
    @Transactional
    public Optional<Outcome> expireUnlessCodeWithVip(UUID challengeId) {
        Optional<UserFactor> owner = factors.lockOwnerOf(challengeId);
        if (owner.isPresent() && reservations.inFlight(owner.get().accountId(), owner.get().userId(), Purpose.LOGIN,
                clock.instant())) {
            return Optional.empty();
        }
        return decideUnderLock(owner.orElse(null), challengeId, Verdict.NO_ANSWER_IN_TIME);
    }

    /** A signed callback's decision: {@code replayed} when its signature was taken before (nothing decided). */
    public record Signed(boolean replayed, Optional<Outcome> outcome) {
    }

    /**
     * As {@link #decide}, for a vendor's signed callback: its signature is recorded as taken in the statement that
     * locks the user, and a signature taken before (a replay) decides nothing. A decision that fails takes the
     * signature back with it, so the vendor may deliver the callback again.
     */
    @Transactional
    public Signed decideSigned(UUID challengeId, ChallengeAnswer answer, String signature, Instant signedAt) {
        // the challenge read behind the statement that locks its user, in the same round trip: as under the lock
        UserFactors.SignedLocked<Challenge> locked = factors.lockOwnerOfSignedThen(challengeId, signature, signedAt,
                Challenges.findStatement(challengeId));
        if (!locked.signed().firstSeen()) {
            return new Signed(true, Optional.empty());
        }
        return new Signed(false, decideRead(locked.signed().owner().orElse(null), challengeId,
                Challenges.first(locked.then()), answer));
    }

    /**
     * As {@link #decide}, for a caller whose transaction has locked the challenge's user already ({@code
     * UserFactors.lock}) and read {@code owner} under that lock: the row is not locked and read a second time.
     */
    @Transactional
    public Optional<Outcome> decideLocked(UserFactor owner, UUID challengeId, ChallengeAnswer answer) {
        return decideUnderLock(owner, challengeId, answer);
    }

    /**
     * As {@link #decideLocked(UserFactor, UUID, ChallengeAnswer)}, for a caller that has also read the challenge under
     * that lock, in a statement after the one that took it: the challenge is not read a second time.
     */
    @Transactional
    public Optional<Outcome> decideLocked(UserFactor owner, Challenge readUnderLock, ChallengeAnswer answer) {
        return decideRead(owner, readUnderLock.id(), Optional.of(readUnderLock), answer);
    }

    private Optional<Outcome> decideUnderLock(@Nullable UserFactor owner, UUID challengeId, ChallengeAnswer answer) {
        // under its user's lock: no decision runs meanwhile
        return decideRead(owner, challengeId, challenges.find(challengeId), answer);
    }

    private Optional<Outcome> decideRead(@Nullable UserFactor owner, UUID challengeId, Optional<Challenge> read,
            ChallengeAnswer answer) {
        if (read.isEmpty()) {
            return Optional.empty(); // no such challenge, or never issued and given up meanwhile
        }
        Challenge challenge = read.get();
        if (owner != null && !challenge.belongsTo(owner.accountId(), owner.userId())) {
            throw new IllegalArgumentException("challenge " + challengeId + " is not the locked user's");
        }
        UserFactor factor = owner != null ? owner : UserFactor.none(challenge.accountId(), challenge.userId());
        // PostgreSQL keeps microseconds: the event says exactly what the row says
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (challenge.issuedAt() == null && challenge.status() == ChallengeStatus.PENDING) {
            if (!announcements.announce(challenge, ChallengeAnnouncements.destinationOf(challenge, factor), now)) {
                return Optional.empty(); // given up between the two reads
            }
            challenge = challenge.issued(now);
        }
        Challenge asked = challenge;
        Instant answerableUntil = answerableUntil(answer, challenge, now);
        DecisionRules.Ruling ruling = rules.decide(challenge.status() == ChallengeStatus.PENDING,
                answerableUntil, standing(factor), () -> judge(answer, asked, factor), now);
        if (!(ruling instanceof Decided decided)) {
            return Optional.of(unchanged(challenge, factor));
        }
        StrikeRules.Decision decision = decided.decision();
        ChallengeStatus status = ChallengeStatus.of(decided.outcome());
        if (decided.after().equals(standing(factor))) {
            // the decision changes nothing but the challenge (a success with no strike to clear, a lost contact's
            // NOT_DELIVERED, a decision of a user no longer active): nothing later in the transaction reads it, so it
            // goes with the commit, which it fails should the challenge not be PENDING after all
            challenges.decideAtCommit(challengeId, status, decided.outcome(), now, Challenges.Counts.of(decision));
        } else {
            // the user's standing moves: written at once. A lockout's listener reads the user's pending challenges
            // before the commit (PendingChallengesDecidedByTheFactor) and must not find this one among them; a strike
            // short of a lock, or a success that clears strikes, would not need it, and is kept with them for a
            // single rule
            if (!challenges.decide(challengeId, status, decided.outcome(), now, Challenges.Counts.of(decision))) {
                throw new IllegalStateException("challenge " + challengeId + " was decided under its user's lock");
            }
            String cause = (decided.fraud() ? "fraud reported" : decided.outcome() + ", failure "
                    + decision.consecutiveFailures() + " in a row") + ", challenge " + challengeId;
            int counted = strikes.counted(factor.consecutiveFailures(), factor.lastFailureAt(), now);
            transitions.applyLocked(factor, user -> switch (decided.outcome()) {
                case SUCCEEDED -> user.succeed(lifecycle, cause);
                default -> decided.fraud() ? user.lock(lifecycle, counted, now, decision.lockedUntil(), cause)
                        : user.fail(lifecycle, counted, now, decision.lockedUntil(), cause);
            });
        }
        // a lockout names the user's order: its mail goes to that order's contact
        events.result(new ChallengeResult(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                challenge.channel(), decided.outcome(), decision.consecutiveFailures(), decision.remainingAttempts(),
                decision.lockedUntil(), now, decided.outcome() == ChallengeOutcome.LOCKED_OUT ? factor.orderId()
                        : null));
        if (decided.fraud()) {
            events.fraudReported(new FraudReported(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                    challenge.channel(), challenge.method(), now));
        }
        return Optional.of(new Outcome(challenge.decided(decided.outcome(), now), true,
                decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil()));
    }

    /** The verdict on the answer: one known already, or what the user did judged against the code and the PIN. */
    private Verdict judge(ChallengeAnswer answer, Challenge challenge, UserFactor factor) {
        if (answer == Verdict.WITHDRAWN) {
            return Verdict.WITHDRAWN; // nobody answered: the factor changed
        }
        answersChecked.increment();
        if (answer instanceof TypedInTime typed) {
            return typed.verdict();
        }
        if (answer instanceof Verdict known) {
            return known;
        }
        return ChallengeAnswerRules.verdict(challenge.method(), (PhoneAnswer) answer,
                matching(challenge.codeHash()), matching(factor.pinHash()));
    }

    /**
     * Until when the answer counts. The vendor's word that the contact was lost is no answer: never late. What the user
     * did on a call, text or push comes from the vendor, which took it only before the contact's end; its callback may
     * come while the expiry holds the decision for an unreachable vendor ({@link ChallengeExpiryTimer}), and counts
     * then. A Symantec code typed in counts until the challenge's end, judged when it was typed ({@link TypedInTime}).
     * A withdrawal is no answer either:
     * never late, so a challenge past its end but still held for the vendor is withdrawn, not expired as a strike.
     */
    private Instant answerableUntil(ChallengeAnswer answer, Challenge challenge, Instant now) {
        if (answer == Verdict.WITHDRAWN || answer instanceof TypedInTime || lost(answer, challenge)) {
            return now;
        }
        return answer instanceof PhoneAnswer ? challenge.expiresAt().plus(vendorHold) : challenge.expiresAt();
    }

    /** Whether the answer is the vendor's report that it lost the challenge's contact (known without secrets). */
    private static boolean lost(ChallengeAnswer answer, Challenge challenge) {
        if (answer == Verdict.NOT_DELIVERED) {
            return true;
        }
        return answer instanceof PhoneAnswer phone && challenge.method() != null
                && ChallengeAnswerRules.notDelivered(ChallengeAnswerRules.deliveryOf(challenge.method()), phone);
    }

    private Predicate<String> matching(@Nullable String hash) {
        return entered -> hash != null && secrets.matches(entered, hash);
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
