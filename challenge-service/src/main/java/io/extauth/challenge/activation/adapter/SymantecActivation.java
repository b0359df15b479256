package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.ActivationRefusal;
import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.challenge.factor.ActivationGuard;
import io.extauth.challenge.factor.FactorRefusal;
import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.AttemptReservationRules;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.lockout.adapter.AttemptReservations.Purpose;
import io.extauth.challenge.lockout.adapter.AttemptReservations;
import io.extauth.challenge.lockout.adapter.AttemptWaits;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.challenge.vip.VipAnswerRules;
import io.extauth.challenge.vip.adapter.VipCodes;
import io.extauth.challenge.vip.adapter.VipProperties;
import io.extauth.contract.AuthType;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Symantec VIP activation: the security code the credential shows now proves the user holds it (VIP accepts one step
 * of drift either way and each code once). Wrong codes are limited like challenges, by the same {@link StrikeRules}:
 * the fifth in a row locks activation for the lockout duration ({@code 423} naming when it ends); a right code resets
 * the count. A malformed code (not 6 digits) is a typo caught before VIP and is not counted.
 * <p>
 * Decided like login answers, without holding the user's row lock over the VIP call: under the lock an attempt
 * reserves one of the remaining attempts ({@link AttemptReservationRules}; while all are in flight it waits), then VIP
 * is asked, then the verdict is recorded under the lock after looking again; the call and the record run on VIP's own
 * threads, and the wait holds no thread ({@link AttemptWaits}). So a burst of wrong codes is checked by
 * VIP exactly as often as attempts remain, and the rest get 423. VIP failing to give a verdict (any other answer, a
 * timeout) frees the reservation and answers 503: no strike.
 */
@Component
public class SymantecActivation {

    /** What the locked step found: go ahead and ask VIP, or refuse with a problem, or wait for a free attempt. */
    private sealed interface Reserved {
    }

    private record Ask(UUID reservation, String credentialId) implements Reserved {
    }

    private record Refuse(RuntimeException problem) implements Reserved {
    }

    private record AllInFlight() implements Reserved {
    }

    /** What recording VIP's verdict did. */
    private sealed interface Recorded {
    }

    private record ActivatedNow(UserFactor saved) implements Recorded {
    }

    private record Counted(StrikeRules.Decision decision, String reason) implements Recorded {
    }

    private record Refused(RuntimeException problem) implements Recorded {
    }

    private final UserFactors factors;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final VipCodes vip;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final StrikeRules strikes;
    private final AttemptReservations reservations;
    private final AttemptWaits waits;
    private final AttemptReservationRules reservationRules;
    private final Secrets secrets;

    SymantecActivation(UserFactors factors, FactorTransitions transitions, VipCodes vip,
            TransactionTemplate transactions, Clock clock, LockoutProperties lockout,
            AttemptReservations reservations, AttemptWaits waits, VipProperties vipProperties, Secrets secrets) {
        this.factors = factors;
        this.transitions = transitions;
        this.vip = vip;
        this.transactions = transactions;
        this.clock = clock;
        this.strikes = lockout.rules();
        this.lifecycle = strikes.lifecycle();
        this.reservations = reservations;
        this.waits = waits;
        this.reservationRules = new AttemptReservationRules(lockout.maxFailures(), vipProperties.reservationLease());
        this.secrets = secrets;
    }

    /**
     * Activates by the security code the credential shows now. What is refused before VIP would be asked is thrown
     * here; VIP's verdict completes the future (a wrong code as its refusal).
     */
    public CompletableFuture<FactorView> activate(String accountId, String userId, @Nullable String securityCode,
            String caller) {
        UserFactor factor = factors.find(accountId, userId).orElseGet(() -> UserFactor.none(accountId, userId));
        RuntimeException refused = refusal(factor, clock.instant());
        if (refused != null) {
            throw refused;
        }
        if (securityCode == null || !securityCode.strip().matches("\\d{6}")) {
            throw PhoneFactorActivation.invalid("invalid-security-code", "The security code is missing or malformed.",
                    List.of(new FieldProblem("securityCode", "FORMAT",
                            "Enter the 6-digit security code your Symantec VIP credential shows now.")));
        }
        String code = securityCode.strip();
        // reserved here at once when an attempt is free; VIP is asked, and its verdict recorded, on VIP's own threads
        // (VipCodes#offRequestThread); the wait while another code of the user is with VIP holds no thread
        // (AttemptWaits)
        Optional<Ask> reserved = tryReserveOnce(accountId, userId);
        if (reserved.isEmpty()) {
            // every attempt in flight: waited for without holding a thread, at most a reservation's lease
            return waits.freeAttempt(accountId + "/" + userId, reservationRules,
                    () -> tryReserveOnce(accountId, userId), cause -> new VendorUnavailableException("Symantec VIP",
                            cause))
                    .thenCompose(ask -> askOnVipThreads(accountId, userId, ask, code, caller));
        }
        return askOnVipThreads(accountId, userId, reserved.get(), code, caller);
    }

    private CompletableFuture<FactorView> askOnVipThreads(String accountId, String userId, Ask ask, String code,
            String caller) {
        try {
            return vip.offRequestThread(() -> askAndRecord(accountId, userId, ask, code, caller));
        } catch (VendorUnavailableException busy) {
            release(accountId, userId, ask, null); // VIP was never asked: the attempt goes back
            throw busy;
        }
    }

    private FactorView askAndRecord(String accountId, String userId, Ask ask, String code, String caller) {
        VipAnswerRules.Verdict verdict;
        String lostCodeKey = secrets.countingKey("lost vip activation code " + accountId + " " + userId + " " + code);
        try {
            verdict = vip.validate(ask.credentialId(), code);
        } catch (RuntimeException e) {
            // VIP may have judged the code, and so used it, before its answer was lost: remembered, so that the same
            // code sent again, which VIP then calls used, is no activation strike
            release(accountId, userId, ask, VipCodes.mayHaveJudged(e) ? lostCodeKey : null);
            throw e;
        }
        if (!verdict.valid() && VipAnswerRules.CODE_ALREADY_USED.equals(verdict.reason())
                && lostCodeKey.equals(factors.lostActivationCode(accountId, userId))) {
            release(accountId, userId, ask, null);
            throw new ActivationRefusal(Kind.CONFLICT, "code-used-by-lost-answer", "VIP took this security code in an "
                    + "earlier activation whose verdict never came back, so nobody knows whether it was right: it "
                    + "counts for nothing. Enter the code the credential shows next.");
        }
        Recorded recorded;
        try {
            recorded = Objects.requireNonNull(transactions.execute(tx -> record(accountId, userId, ask, verdict,
                    caller, lostCodeKey)));
        } catch (RuntimeException e) {
            // the verdict could not be recorded: the attempt goes back, and a right code VIP took is remembered, so
            // that the same code sent again is no strike; if that fails too, the reservation lapses by itself
            try {
                release(accountId, userId, ask, VipCodes.tookTheCode(verdict) ? lostCodeKey : null);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        if (recorded instanceof ActivatedNow activated) {
            return FactorView.of(activated.saved());
        }
        if (recorded instanceof Counted counted) {
            throw wrongCode(counted.decision(), counted.reason());
        }
        throw ((Refused) recorded).problem();
    }

    /** The attempt goes back; with {@code lostCodeKey}, the code VIP may have used is remembered on the factor. */
    private void release(String accountId, String userId, Ask ask, @Nullable String lostCodeKey) {
        transactions.executeWithoutResult(tx -> {
            factors.lock(accountId, userId);
            reservations.release(ask.reservation(), clock.instant());
            if (lostCodeKey != null) {
                factors.rememberLostActivationCode(accountId, userId, lostCodeKey);
            }
        });
    }

    /** One of the user's attempts reserved, or none while all are in flight; a refusal is thrown. */
    private Optional<Ask> tryReserveOnce(String accountId, String userId) {
        Reserved reserved = Objects.requireNonNull(transactions.execute(tx -> tryReserve(accountId, userId)));
        if (reserved instanceof Refuse refuse) {
            throw refuse.problem();
        }
        return reserved instanceof Ask ask ? Optional.of(ask) : Optional.empty();
    }

    private Reserved tryReserve(String accountId, String userId) {
        UserFactor locked = factors.lock(accountId, userId);
        Instant now = clock.instant();
        RuntimeException refused = refusal(locked, now);
        if (refused != null) {
            return new Refuse(refused);
        }
        String credentialId = Objects.requireNonNull(locked.credentialId(), "a provisioned VIP user has a credential");
        Optional<UUID> reservation = reservations.reserve(reservationRules, accountId, userId, Purpose.ACTIVATION,
                failuresCounting(locked, now), now);
        return reservation.<Reserved>map(id -> new Ask(id, credentialId)).orElseGet(AllInFlight::new);
    }

    /** Under the lock again: the reservation must still hold and nothing may have changed that makes VIP's word moot. */
    private Recorded record(String accountId, String userId, Ask ask, VipAnswerRules.Verdict verdict, String caller,
            String lostCodeKey) {
        UserFactor locked = factors.lock(accountId, userId);
        Instant now = clock.instant();
        if (!reservations.release(ask.reservation(), now)) {
            // lapsed: its attempt may have gone to another code, so the verdict counts for nothing; a right code VIP
            // took is remembered, so that the same code sent again is no strike
            if (VipCodes.tookTheCode(verdict)) {
                factors.rememberLostActivationCode(accountId, userId, lostCodeKey);
            }
            return new Refused(new VendorUnavailableException("Symantec VIP", null));
        }
        if (!ask.credentialId().equals(locked.credentialId())) {
            // a new order (and its Provisioned) came while VIP judged the code: its verdict is on the old credential's
            // code and proves nothing of the new one; nothing counts, and the next code is judged on the new one
            return new Refused(new VendorUnavailableException("Symantec VIP", null));
        }
        RuntimeException refused = refusal(locked, now);
        if (refused != null) {
            return new Refused(refused);
        }
        if (!verdict.valid()) {
            StrikeRules.Decision counted = strikes.failure(failuresCounting(locked, now), false, now);
            factors.save(locked.withActivationFailures(counted.consecutiveFailures(), counted.lockedUntil()), now);
            return new Counted(counted, verdict.reason());
        }
        FactorTransition activated = transitions.apply(accountId, userId, factor -> factor.activate(lifecycle,
                AuthType.SYMANTEC_VIP, now, caller, "Symantec VIP security code accepted, activated by " + caller));
        if (activated instanceof FactorTransition.Refused refusedNow) {
            return new Refused(refusedNow.exception());
        }
        return new ActivatedNow(((FactorTransition.Moved) activated).next());
    }

    /** Why this user cannot try a code now, or null when they can. */
    private @Nullable RuntimeException refusal(UserFactor factor, Instant now) {
        Optional<FactorRefusal> notProvisioned = ActivationGuard.refusal(factor, AuthType.SYMANTEC_VIP);
        if (notProvisioned.isPresent()) {
            return notProvisioned.get();
        }
        if (factor.activated()) {
            return new ActivationRefusal(Kind.CONFLICT, "already-active",
                    "Symantec VIP is already activated for this user.");
        }
        if (factor.activationLocked(now)) {
            return locked(factor.activationLockedUntil(), "Activation is locked after " + strikes.maxFailures()
                    + " wrong security codes in a row.");
        }
        return null;
    }

    /** A lock that has run out starts the count afresh. */
    private static int failuresCounting(UserFactor factor, Instant now) {
        return factor.activationLockedUntil() != null && !factor.activationLocked(now) ? 0
                : factor.activationFailures();
    }

    /** Says what to do after a counted wrong code. */
    private RuntimeException wrongCode(StrikeRules.Decision decision, String reason) {
        String detail = VipAnswerRules.CODE_ALREADY_USED.equals(reason)
                ? "This security code was used already. Wait until the credential shows a new code and enter that."
                : "The security code is not the one currently shown on the Symantec VIP credential. Enter the "
                        + "code the credential shows now; if it changes while you type, use the new one.";
        if (decision.locks() && decision.lockedUntil() != null) {
            return locked(decision.lockedUntil(), "The security code was wrong again: " + decision.consecutiveFailures()
                    + " wrong codes in a row.");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("errors", List.of(new FieldProblem("securityCode", reason, detail)));
        properties.put("remainingAttempts", decision.remainingAttempts());
        return new ActivationRefusal(Kind.WRONG_INPUT, "wrong-security-code",
                detail + " " + decision.remainingAttempts() + " attempt(s) left before activation is locked.",
                properties);
    }

    private static RuntimeException locked(Instant until, String why) {
        return new ActivationRefusal(Kind.LOCKED, "activation-locked", why + " Symantec VIP activation is locked "
                + "until " + until + "; try again after that with the code the credential shows then.",
                Map.of("lockedUntil", until.toString(), "remainingAttempts", 0));
    }
}
