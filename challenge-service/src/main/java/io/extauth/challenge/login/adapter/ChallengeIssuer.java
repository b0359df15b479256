package io.extauth.challenge.login.adapter;

import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.contact.adapter.ContactLimits;
import io.extauth.challenge.factor.FactorRefusal;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeAnswerRules.Delivery;
import io.extauth.challenge.login.ChallengeAnswerRules;
import io.extauth.challenge.login.ChallengeRefusal;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.lifecycle.LifecycleState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues a challenge by the user's method: records it, reaches the user (call, SMS, push; nothing for Symantec, whose
 * code is typed into the portal) and announces it. A locked user gets 423 and a REJECTED_LOCKED result, no call.
 * One challenge per user and channel is open at a time: asking again while it is open gets that one back, and nobody
 * is called twice. New contacts are limited per user and per number ({@link ContactLimits}): beyond, 429.
 * <p>
 * A PhoneFactor challenge counts (can expire as a strike) only from the commit of its {@code ChallengeIssued}, which
 * follows the vendor call ({@link ChallengeAnnouncements}): an instance that dies in between leaves a challenge that
 * is forgotten, never a strike. A Symantec challenge reaches nobody, so it is announced in the transaction that
 * creates it.
 */
@Component
class ChallengeIssuer {

    /** What the caller gets back: the challenge, as announced; {@code created} false when it was open already. */
    record Issued(Challenge challenge, String message, @Nullable String destinationMasked, boolean created) {
    }

    private sealed interface Recorded {
    }

    /** A new challenge; {@code announced} when it reaches nobody and was announced with its creation (Symantec). */
    private record Pending(Challenge challenge, UserFactor factor, boolean announced) implements Recorded {
    }

    private record RejectedLocked(UUID challengeId, @Nullable Instant lockedUntil, int consecutiveFailures,
            boolean fraud) implements Recorded {
    }

    private record NotActive(LifecycleState state) implements Recorded {
    }

    private record StillOpen(Challenge challenge, UserFactor factor) implements Recorded {
    }

    private record TooMany(ContactLimits.Refusal refusal) implements Recorded {
    }

    private final UserFactors factors;
    private final Challenges challenges;
    private final TelephonyGateway telephony;
    private final Secrets secrets;
    private final ChallengeEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ChallengeProperties timeouts;
    private final StrikeRules strikes;
    private final ContactLimits contacts;
    private final ChallengeAnnouncements announcements;
    private final DatabaseRetry retry;

    ChallengeIssuer(UserFactors factors, Challenges challenges, TelephonyGateway telephony, Secrets secrets,
            ChallengeEvents events, TransactionTemplate transactions, Clock clock, ChallengeProperties timeouts,
            LockoutProperties lockout, ContactLimits contacts, ChallengeAnnouncements announcements,
            DatabaseRetry retry) {
        this.factors = factors;
        this.challenges = challenges;
        this.telephony = telephony;
        this.secrets = secrets;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.timeouts = timeouts;
        this.strikes = lockout.rules();
        this.contacts = contacts;
        this.announcements = announcements;
        this.retry = retry;
    }

    Issued issue(String accountId, String userId, LoginChannel channel) {
        PhoneFactorMethod plannedMethod = factors.find(accountId, userId).map(UserFactor::method).orElse(null);
        String code = plannedMethod != null && ChallengeAnswerRules.deliveryOf(plannedMethod) == Delivery.SMS
                ? ChallengeAnswerRules.newCode() : null;
        String codeHash = code == null ? null : secrets.hash(code);
        Recorded recorded = transactions.execute(status -> record(accountId, userId, channel, codeHash));
        if (recorded instanceof RejectedLocked rejected) {
            throw locked(rejected);
        }
        if (recorded instanceof NotActive notActive) {
            throw new ChallengeRefusal(Kind.CONFLICT, "not-active",
                    "External authentication of this user is " + notActive.state()
                    + ", not ACTIVE: there is nothing to challenge with until it is activated.");
        }
        if (recorded instanceof TooMany tooMany) {
            throw ContactLimits.tooMany(tooMany.refusal());
        }
        if (recorded instanceof StillOpen open) {
            return issued(open.challenge(), open.factor(), false);
        }
        Pending pending = (Pending) recorded;
        Challenge challenge = pending.challenge();
        if (!pending.announced()) {
            deliver(challenge, pending.factor(), code);
            recordIssued(challenge, ChallengeAnnouncements.destinationOf(challenge, pending.factor()));
        }
        return issued(challenge, pending.factor(), true);
    }

    /**
     * The user is being reached: from this commit on the challenge counts (it may expire as a strike). Already
     * announced is fine (the user's answer came first); given up meanwhile (the vendor took longer than its timeouts)
     * is a 503, as if this instance had died.
     */
    private void recordIssued(Challenge challenge, @Nullable String destination) {
        boolean givenUp = Boolean.TRUE.equals(retry.run("recording challenge " + challenge.id() + " as issued",
                () -> transactions.execute(status -> !announcements.announce(challenge, destination, clock.instant())
                        && challenges.find(challenge.id()).isEmpty())));
        if (givenUp) {
            throw new VendorUnavailableException("The telephony gateway", null);
        }
    }

    private static Issued issued(Challenge challenge, UserFactor factor, boolean created) {
        return new Issued(challenge, ChallengeAnnouncements.messageOf(challenge),
                ChallengeAnnouncements.destinationOf(challenge, factor), created);
    }

    private Recorded record(String accountId, String userId, LoginChannel channel, @Nullable String codeHash) {
        UserFactor factor = factors.lock(accountId, userId);
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        if (factor.state() == LifecycleState.LOCKED) {
            StrikeRules.Decision decision = strikes.rejectedWhileLocked(factor.consecutiveFailures(),
                    factor.lockedUntil());
            challenges.insert(new Challenge(id, accountId, userId, channel, typeOf(factor), factor.method(),
                    ChallengeStatus.LOCKED_OUT, decision.outcome(), null, now, now, now, null));
            events.result(new ChallengeResult(accountId, userId, id.toString(), channel, decision.outcome(),
                    decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil(), now));
            return new RejectedLocked(id, factor.lockedUntil(), factor.consecutiveFailures(), factor.fraudBlocked());
        }
        if (factor.state() != LifecycleState.ACTIVE || factor.type() == null) {
            return new NotActive(factor.state());
        }
        Optional<FactorRefusal> notChallengeable = factor.challengeRefusal();
        if (notChallengeable.isPresent()) {
            throw notChallengeable.get();
        }
        // decided under the row lock: of two requests at once, on any instances, the second sees the first's challenge
        Challenge open = challenges.openFor(accountId, userId, channel, now,
                announcements.unissuedGivenUpBefore(now)).orElse(null);
        if (open != null) {
            return new StillOpen(open, factor);
        }
        PhoneFactorMethod method = factor.type() == AuthType.PHONEFACTOR ? factor.method() : null;
        if (method != null) {
            Delivery delivery = ChallengeAnswerRules.deliveryOf(method);
            UserFactor.Phone phone = factor.primaryPhone();
            ContactLimits.Refusal refusal = contacts.tryContact(accountId, userId, kindOf(delivery),
                    delivery == Delivery.PUSH || phone == null ? null : phone.e164()).orElse(null);
            if (refusal != null) {
                return new TooMany(refusal);
            }
        }
        boolean sms = method != null && ChallengeAnswerRules.deliveryOf(method) == Delivery.SMS;
        Duration timeout = timeouts.expiry().of(method);
        Challenge challenge = new Challenge(id, accountId, userId, channel, factor.type(), method,
                ChallengeStatus.PENDING, null, sms ? codeHash : null, now, now.plus(timeout), null, null);
        challenges.insert(challenge);
        if (method == null) {
            return new Pending(challenge, factor, announcements.announce(challenge, null, now));
        }
        return new Pending(challenge, factor, false);
    }

    /** 423 with what the portal needs to tell the user: why, until when, and the challenge's id. */
    private static RuntimeException locked(RejectedLocked rejected) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("challengeId", rejected.challengeId().toString());
        properties.put("outcome", ChallengeOutcome.REJECTED_LOCKED.name());
        properties.put("reason", (rejected.fraud() ? LockReason.FRAUD_REPORTED : LockReason.TOO_MANY_FAILURES).name());
        properties.put("consecutiveFailures", rejected.consecutiveFailures());
        properties.put("remainingAttempts", 0);
        if (rejected.lockedUntil() != null) {
            properties.put("lockedUntil", rejected.lockedUntil().toString());
        }
        if (rejected.fraud()) {
            return new ChallengeRefusal(Kind.LOCKED, "fraud-blocked", "This user reported a sign-in attempt as "
                    + "fraud and is blocked" + (rejected.lockedUntil() == null
                            ? " until an admin of the account unblocks them." : " until " + rejected.lockedUntil() + ".")
                    + " No call, text or push was sent.", properties);
        }
        return new ChallengeRefusal(Kind.LOCKED, "locked", "This user is locked after too many failed attempts"
                + (rejected.lockedUntil() == null ? "" : " until " + rejected.lockedUntil())
                + ". Try again after that, or ask an admin to unlock. No call, text or push was sent.", properties);
    }

    /** Why a user is locked, as the 423 answer names it. */
    enum LockReason { TOO_MANY_FAILURES, FRAUD_REPORTED }

    /** Reaches the user. A vendor failure forgets the challenge (never issued) and answers 503. */
    private void deliver(Challenge challenge, UserFactor factor, @Nullable String code) {
        PhoneFactorMethod method = challenge.method();
        if (challenge.type() != AuthType.PHONEFACTOR || method == null) {
            return;
        }
        UserFactor.Phone phone = factor.primaryPhone();
        String reference = challenge.id().toString();
        try {
            switch (ChallengeAnswerRules.deliveryOf(method)) {
                case CALL -> telephony.placeCall(requirePhone(phone).dialString(), "CHALLENGE", reference,
                        challenge.expiresAt());
                case SMS -> {
                    if (code == null) {
                        throw new ChallengeRefusal(Kind.CONFLICT, "settings-changed",
                                "The user's settings changed meanwhile; try again.");
                    }
                    telephony.sendSms(requirePhone(phone).e164(), "Your extauth sign-in code is " + code + ". Reply "
                            + (method.needsPin() ? "with the code followed by your PIN, no spaces." : "with the code."),
                            reference, challenge.expiresAt());
                }
                case PUSH -> telephony.sendPush(challenge.accountId(), challenge.userId(),
                        ChallengeAnnouncements.PHONEFACTOR_MESSAGE + " (" + challenge.channel() + ")",
                        method.needsPin(), reference, challenge.expiresAt());
            }
        } catch (RuntimeException e) {
            transactions.executeWithoutResult(status -> challenges.deleteUnissued(challenge.id()));
            throw e;
        }
    }

    private static ContactKind kindOf(Delivery delivery) {
        return switch (delivery) {
            case CALL -> ContactKind.CALL;
            case SMS -> ContactKind.SMS;
            case PUSH -> ContactKind.PUSH;
        };
    }

    private static UserFactor.Phone requirePhone(UserFactor.@Nullable Phone phone) {
        if (phone == null) {
            throw new ChallengeRefusal(Kind.CONFLICT, "no-phone", "The user has no verified primary phone.");
        }
        return phone;
    }

    private static AuthType typeOf(UserFactor factor) {
        return factor.type() == null ? AuthType.PHONEFACTOR : factor.type();
    }
}
