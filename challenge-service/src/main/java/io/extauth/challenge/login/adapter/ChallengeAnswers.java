package io.extauth.challenge.login.adapter;

import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.AttemptReservationRules;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.lockout.adapter.AttemptReservations.Purpose;
import io.extauth.challenge.lockout.adapter.AttemptReservations;
import io.extauth.challenge.lockout.adapter.AttemptWaits;
import io.extauth.challenge.lockout.adapter.FraudProperties;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeRefusal;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.PhoneAnswer;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.login.DecisionRules;
import io.extauth.challenge.login.TypedInTime;
import io.extauth.challenge.login.adapter.ChallengeDecisions.Outcome;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.challenge.vip.VipAnswerRules;
import io.extauth.challenge.vip.adapter.VipCodes;
import io.extauth.challenge.vip.adapter.VipProperties;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Turns what the user did (on the phone, in the app, in the portal) into a verdict and has it decided. */
@Component
public class ChallengeAnswers {

    /** What the locked step before asking VIP found. */
    private sealed interface Step {
    }

    /** VIP need not be asked (decided already, user locked or not active, expired): decided without it. */
    private record DecidedWithoutVip(Outcome outcome) implements Step {
    }

    private record Ask(UUID reservation, String credentialId) implements Step {
    }

    private record AllInFlight() implements Step {
    }

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final VipCodes vip;
    private final UserFactors factors;
    private final AttemptReservations reservations;
    private final AttemptWaits waits;
    private final AttemptReservationRules reservationRules;
    private final StrikeRules strikes;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DatabaseRetry retry;
    private final Secrets secrets;

    ChallengeAnswers(Challenges challenges, ChallengeDecisions decisions, VipCodes vip,
            UserFactors factors, AttemptReservations reservations, AttemptWaits waits, LockoutProperties lockout,
            FraudProperties fraud,
            VipProperties vipProperties, TransactionTemplate transactions, Clock clock, DatabaseRetry retry,
            Secrets secrets) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.vip = vip;
        this.factors = factors;
        this.reservations = reservations;
        this.waits = waits;
        this.reservationRules = AttemptReservationRules.oneAtATime(lockout.maxFailures(),
                vipProperties.reservationLease());
        this.strikes = lockout.rules(fraud);
        this.transactions = transactions;
        this.clock = clock;
        this.retry = retry;
        this.secrets = secrets;
    }

    public Optional<Challenge> find(UUID id) {
        return challenges.find(id);
    }

    /** {@link #find}, with what its decision left of the user's strikes. */
    Optional<Challenges.Viewed> view(UUID id) {
        return challenges.view(id);
    }

    /**
     * Decides the challenge by a vendor's callback whose signature is taken in the same transaction (see
     * {@link ChallengeDecisions#decideSigned}); no outcome when no such challenge exists, nothing decided for a replay.
     * Not run again after a commit whose outcome is unknown: a run after one that committed would find the signature
     * taken and answer the vendor's one delivery 401 replayed; answered 503, the vendor delivers it again.
     */
    public ChallengeDecisions.Signed fromSignedPhone(UUID challengeId, PhoneAnswer answer, String signature,
            Instant signedAt) {
        return retry.run("deciding challenge " + challengeId,
                () -> decisions.decideSigned(challengeId, answer, signature, signedAt));
    }

    /**
     * Decides a Symantec challenge by the security code typed into the portal. VIP judges the code, but never while
     * the user's row is locked: under the lock the answer reserves one of the user's remaining attempts
     * ({@link AttemptReservationRules}; while all are in flight it waits for one), the lock is released, VIP is asked,
     * and the verdict is decided under the lock again by {@link ChallengeDecisions}, which looks at the user afresh.
     * So no more codes are checked than attempts remain. A user's answers go to VIP one at a time
     * ({@link AttemptReservationRules#oneAtATime}): codes typed at once for one challenge are checked once, the first
     * decides it, and the others are answered "decided already" without VIP. VIP giving no verdict frees the
     * reservation and answers 503: the challenge stays pending and nothing counts. Refusals found before VIP would be
     * asked are thrown here; the rest complete the future.
     */
    public CompletableFuture<Outcome> fromSecurityCode(Challenge challenge, String code) {
        if (challenge.type() != AuthType.SYMANTEC_VIP) {
            throw new ChallengeRefusal(Kind.CONFLICT, "answered-on-phone",
                    "This challenge is answered on the phone or in the app, not with a code in the portal.");
        }
        return decideBySecurityCode(challenge, code).thenApply(outcome -> {
            // rejected because the user was locked (also when that was decided at the lock, before this answer
            // came): the caller gets the 423 with until when, not "decided already"
            if (!outcome.decidedNow() && outcome.challenge().outcome() != ChallengeOutcome.REJECTED_LOCKED) {
                throw new ChallengeRefusal(Kind.CONFLICT, "already-decided", "This challenge was decided already: "
                        + outcome.challenge().status() + ". Ask for a new challenge.");
            }
            return outcome;
        });
    }

    /**
     * The first locked step runs on the caller's thread; VIP is asked, and its verdict decided, on VIP's own threads
     * ({@link VipCodes#offRequestThread}); the wait for a free attempt while another answer of the user is with VIP
     * holds no thread ({@link AttemptWaits}): a request thread never waits for VIP.
     */
    private CompletableFuture<Outcome> decideBySecurityCode(Challenge challenge, String code) {
        Step first = reserveOrDecideOnce(challenge);
        if (first instanceof DecidedWithoutVip decided) {
            return CompletableFuture.completedFuture(decided.outcome());
        }
        if (first instanceof Ask ask) {
            return askOnVipThreads(challenge, ask, code);
        }
        // every attempt in flight (another answer of the user is with VIP): waited for without holding a thread
        return waits.freeAttempt(challenge.accountId() + "/" + challenge.userId(), reservationRules,
                () -> Optional.of(reserveOrDecideOnce(challenge)).filter(s -> !(s instanceof AllInFlight)),
                cause -> new VendorUnavailableException("Symantec VIP", cause))
                .thenCompose(step -> step instanceof Ask ask ? askOnVipThreads(challenge, ask, code)
                        : CompletableFuture.completedFuture(((DecidedWithoutVip) step).outcome()));
    }

    private CompletableFuture<Outcome> askOnVipThreads(Challenge challenge, Ask ask, String code) {
        try {
            return vip.offRequestThread(() -> askThenDecide(challenge, ask, code));
        } catch (VendorUnavailableException busy) {
            release(challenge, ask, null); // VIP was never asked: the attempt goes back
            throw busy;
        }
    }

    /**
     * Not run again after a commit whose outcome is unknown: an attempt a committed first run reserved would hold the
     * user's answers until its lease lapsed, and a decision it made would be answered "decided already".
     */
    private Step reserveOrDecideOnce(Challenge challenge) {
        return retry.run("deciding challenge " + challenge.id(),
                () -> Objects.requireNonNull(transactions.execute(tx -> reserveOrDecide(challenge))));
    }

    private Step reserveOrDecide(Challenge challenge) {
        // read again behind the statement that locks its user, in the same round trip: as it is under the lock
        UserFactors.Locked<Challenge> locked = factors.lockThen(challenge.accountId(), challenge.userId(),
                Challenges.findStatement(challenge.id()));
        UserFactor factor = locked.factor();
        Challenge now = Challenges.first(locked.then()).orElseThrow();
        Instant at = clock.instant();
        String credentialId = factor.credentialId();
        if (credentialId == null || !DecisionRules.looksAtAnswer(now.status() == ChallengeStatus.PENDING,
                now.expiresAt(), factor.state(), at)) {
            // the ruling will not look at the answer (or there is no credential to ask about: a wrong answer)
            return new DecidedWithoutVip(decisions.decideLocked(factor, challenge.id(), Verdict.WRONG)
                    .orElseThrow());
        }
        int counted = strikes.counted(factor.consecutiveFailures(), factor.lastFailureAt(), at);
        return reservations.reserve(reservationRules, challenge.accountId(), challenge.userId(), Purpose.LOGIN,
                counted, at).<Step>map(id -> new Ask(id, credentialId)).orElseGet(AllInFlight::new);
    }

    private Outcome askThenDecide(Challenge challenge, Ask ask, String code) {
        VipAnswerRules.Verdict verdict;
        try {
            verdict = vip.validate(ask.credentialId(), code);
        } catch (RuntimeException e) {
            // VIP may have judged the code, and so used it, before its answer was lost (a read timeout, a 5xx): the
            // code is remembered, so that the same code sent again, which VIP then calls used, is no strike
            release(challenge, ask, VipCodes.mayHaveJudged(e) ? lostCodeKey(challenge, code) : null);
            throw e;
        }
        if (!verdict.valid() && VipAnswerRules.CODE_ALREADY_USED.equals(verdict.reason())
                && lostCodeKey(challenge, code).equals(challenges.lostCodeKey(challenge.id()))) {
            release(challenge, ask, null);
            throw new ChallengeRefusal(Kind.CONFLICT, "code-used-by-lost-answer", "VIP took this security code in an "
                    + "earlier answer whose verdict never came back, so nobody knows whether it was right: it counts "
                    + "for nothing. Enter the code the credential shows next.");
        }
        // VIP's verdict is kept across retries: asking again would find the code used, a strike for a right code. Not
        // run again after a commit whose outcome is unknown: a second run after one that committed would find the
        // reservation ended, take the decision for a lapsed one and answer 503 vendor-unavailable, "nothing counted"
        Optional<Outcome> outcome;
        try {
            outcome = retry.run("deciding challenge " + challenge.id() + " by VIP's verdict",
                () -> Objects.requireNonNull(transactions.execute(tx -> {
                    // the reservation ends and the challenge is read in one statement, sent behind the one that
                    // locks the user (the same round trip): under the lock
                    UserFactors.Locked<Challenges.Released> locked = factors.lockThen(challenge.accountId(),
                            challenge.userId(), Challenges.findReleasingStatement(challenge.id(), ask.reservation()));
                    UserFactor owner = locked.factor();
                    Challenges.Released released = locked.then().get(0);
                    // judged by the clock once the lock is taken, as every answer under it judges the reservations
                    if (!released.reservationLiveAt(clock.instant())) {
                        // lapsed: its attempt may have gone to another answer, so the verdict counts for nothing; a
                        // right code VIP took is remembered, so that the same code sent again is no strike
                        if (VipCodes.tookTheCode(verdict)) {
                            challenges.rememberLostCode(challenge.id(), lostCodeKey(challenge, code));
                        }
                        return Optional.<Outcome>empty();
                    }
                    return Optional.of(decisions.decideLocked(owner, released.challenge().orElseThrow(),
                            new TypedInTime(verdict.valid() ? Verdict.RIGHT : Verdict.WRONG)).orElseThrow());
                })));
        } catch (RuntimeException e) {
            // the verdict could not be recorded (the database failed past the retries): the attempt goes back, and a
            // right code VIP took is remembered as above; if that fails too, the reservation lapses by itself
            releaseAfterAFailure(challenge, ask, VipCodes.tookTheCode(verdict) ? lostCodeKey(challenge, code) : null,
                    e);
            throw e;
        }
        return outcome.orElseThrow(() -> new VendorUnavailableException("Symantec VIP", null));
    }

    private void releaseAfterAFailure(Challenge challenge, Ask ask, @Nullable String lostCodeKey,
            RuntimeException failure) {
        try {
            release(challenge, ask, lostCodeKey);
        } catch (RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    /**
     * VIP gave no verdict (or was never asked): the attempt this answer reserved goes back; with {@code lostCodeKey},
     * the code VIP may have used is remembered on the challenge.
     */
    private void release(Challenge challenge, Ask ask, @Nullable String lostCodeKey) {
        transactions.executeWithoutResult(tx -> {
            factors.lock(challenge.accountId(), challenge.userId());
            reservations.release(ask.reservation(), clock.instant());
            if (lostCodeKey != null) {
                challenges.rememberLostCode(challenge.id(), lostCodeKey);
            }
        });
    }

    /** The code as kept on the challenge: keyed by the pepper with the challenge's id, never the code itself. */
    private String lostCodeKey(Challenge challenge, String code) {
        return secrets.countingKey("lost vip code " + challenge.id() + " " + code);
    }
}
