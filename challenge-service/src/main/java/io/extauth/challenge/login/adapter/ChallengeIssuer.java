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
import io.extauth.challenge.login.SignInRules;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.messaging.work.Claim;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues a challenge by the user's method: records it, reaches the user (call, SMS, push; nothing for Symantec, whose
 * code is typed into the portal) and announces it. A locked user gets 423 and a REJECTED_LOCKED result, no call; one
 * such challenge per channel stands for the requests of the next minute ({@link StrikeRules#REJECTION_STANDS}).
 * One challenge per user and channel is open at a time: asking again for the same sign-in while it is open gets that
 * one back, and nobody is called twice; another sign-in gets 409 until it ends ({@link SignInRules}). New contacts are
 * limited per user and per number ({@link ContactLimits}): beyond, 429.
 * <p>
 * The challenge, its {@code ChallengeIssued} and (PhoneFactor) the durable work of reaching the user are committed in
 * one transaction: from that commit the challenge exists and counts, and delivery follows. This request delivers at
 * once, on the gateway's own threads ({@link ChallengeDelivery}); if its instance dies first, another takes the delivery over after its lease, with
 * the same reference. A vendor that cannot be reached ends the challenge NOT_DELIVERED (a result, no strike) and this
 * request answers 503; the user may ask again at once. So every challenge id a caller ever saw gets exactly one
 * result, and none is a strike the user did not earn.
 */
@Component
class ChallengeIssuer {

    /** What the caller gets back: the challenge, as announced; {@code created} false when it was open already. */
    record Issued(Challenge challenge, String message, @Nullable String destinationMasked, boolean created) {
    }

    private sealed interface Recorded {
    }

    /** A new challenge, announced; {@code delivery} the caller's claim on reaching the user (none for Symantec). */
    private record Created(Challenge challenge, UserFactor factor,
            @Nullable Claim<ChallengeDeliveries.Delivery> delivery) implements Recorded {
    }

    private record RejectedLocked(UUID challengeId, @Nullable Instant lockedUntil, int consecutiveFailures,
            boolean fraud) implements Recorded {
    }

    private record NotActive(LifecycleState state) implements Recorded {
    }

    private record StillOpen(Challenge challenge, UserFactor factor) implements Recorded {
    }

    /** The user's open challenge on this channel was issued for another sign-in; nothing was written. */
    private record OtherSignIn(long retryAfterSeconds) implements Recorded {
    }

    private record TooMany(ContactLimits.Refusal refusal) implements Recorded {
    }

    /** The user is texted a one-time code, none was made yet, and the limits let the text go: rolled back. */
    private record NeedsCode() implements Recorded {
    }

    private final UserFactors factors;
    private final Challenges challenges;
    private final ChallengeDelivery delivery;
    private final Secrets secrets;
    private final ChallengeEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ChallengeProperties timeouts;
    private final StrikeRules strikes;
    private final ContactLimits contacts;
    private final ChallengeAnnouncements announcements;
    private final TelephonyGateway telephony;

    ChallengeIssuer(UserFactors factors, Challenges challenges, ChallengeDelivery delivery, Secrets secrets,
            ChallengeEvents events, TransactionTemplate transactions, Clock clock, ChallengeProperties timeouts,
            LockoutProperties lockout, ContactLimits contacts, ChallengeAnnouncements announcements,
            TelephonyGateway telephony) {
        this.factors = factors;
        this.challenges = challenges;
        this.delivery = delivery;
        this.secrets = secrets;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.timeouts = timeouts;
        this.strikes = lockout.rules();
        this.contacts = contacts;
        this.announcements = announcements;
        this.telephony = telephony;
    }

    /**
     * A challenge for the sign-in {@code caller} names {@code loginId} ({@code null}: the caller names none). What is
     * refused is thrown here; a PhoneFactor challenge made now is answered when its delivery ends, on the gateway's
     * threads ({@link TelephonyGateway#offRequestThread}), every other answer at once.
     */
    CompletableFuture<Issued> issue(String accountId, String userId, LoginChannel channel, String caller, @Nullable String loginId) {
        String signIn = SignInRules.keyOf(caller, loginId);
        // the user's row is read once, under its lock: a call, a push or a Symantec code needs nothing made before
        // the transaction; a text's one-time code is hashed (bcrypt, too slow to hold the lock for) only when the
        // locked row says the user is texted and the contact limits let the text go, and the transaction, its
        // contact taken back, runs again with it: a text the limits refuse costs no hash
        Recorded recorded = transactions.execute(status -> {
            Recorded first = record(accountId, userId, channel, signIn, null, null);
            if (first instanceof NeedsCode) {
                status.setRollbackOnly();
            }
            return first;
        });
        if (recorded instanceof NeedsCode) {
            String code = ChallengeAnswerRules.newCode();
            String codeHash = secrets.hash(code);
            recorded = transactions.execute(status -> record(accountId, userId, channel, signIn, code, codeHash));
        }
        if (recorded instanceof RejectedLocked rejected) {
            throw locked(rejected);
        }
        if (recorded instanceof NotActive notActive) {
            // a VPN gateway's token may name any user of its account (or of any account): it learns that there is
            // nothing to challenge with, not whether the user exists, was ordered or was deactivated
            String is = mayReadFactors() ? notActive.state() + ", not ACTIVE" : "not ACTIVE";
            throw new ChallengeRefusal(Kind.CONFLICT, "not-active", "External authentication of this user is " + is
                    + ": there is nothing to challenge with until it is activated.");
        }
        if (recorded instanceof TooMany tooMany) {
            throw ContactLimits.tooMany(tooMany.refusal());
        }
        if (recorded instanceof StillOpen open) {
            return CompletableFuture.completedFuture(issued(open.challenge(), open.factor(), false));
        }
        if (recorded instanceof OtherSignIn other) {
            // neither the open challenge's id nor where it was sent: this caller may be the one it must not reach
            throw new ChallengeRefusal(Kind.CONFLICT, "challenge-in-progress", "Another sign-in of this user on this "
                    + "channel is waiting for its challenge's answer. Nothing was sent. Try again in "
                    + other.retryAfterSeconds() + " s, when it has ended.",
                    Map.of("retryAfterSeconds", other.retryAfterSeconds()), other.retryAfterSeconds());
        }
        Created created = (Created) recorded;
        Claim<ChallengeDeliveries.Delivery> claim = created.delivery();
        Issued issued = issued(created.challenge(), created.factor(), true);
        if (claim == null) {
            return CompletableFuture.completedFuture(issued);
        }
        CompletableFuture<Boolean> delivered;
        try {
            // on the gateway's own threads: this request's thread is free while the gateway answers
            delivered = telephony.offRequestThread(() -> delivery.deliverHere(claim));
        } catch (VendorUnavailableException busy) {
            // every such thread taken since the room was checked: as a gateway out of reach, NOT_DELIVERED
            delivery.notDeliveredHere(claim, "every thread for the telephony gateway was busy");
            throw busy;
        }
        return delivered.thenApply(reached -> {
            if (!reached) {
                // decided NOT_DELIVERED (a result, no strike): the user may ask again at once
                throw new VendorUnavailableException("The telephony gateway", null);
            }
            return issued;
        });
    }

    /** Whether the caller may read the user's factor anyway (GET …/external-auth): the portal, an admin, an operator. */
    private static boolean mayReadFactors() {
        return AccountAccess.callerHasRole(Role.PORTAL) || AccountAccess.callerHasRole(Role.ADMIN)
                || AccountAccess.callerHasRole(Role.OPERATOR);
    }

    private static Issued issued(Challenge challenge, UserFactor factor, boolean created) {
        return new Issued(challenge, ChallengeAnnouncements.messageOf(challenge),
                ChallengeAnnouncements.destinationOf(challenge, factor), created);
    }

    private Recorded record(String accountId, String userId, LoginChannel channel, @Nullable String signIn,
            @Nullable String code, @Nullable String codeHash) {
        // the user's row locked, and the challenges that may be open read behind it in the same round trip: the read
        // runs once the lock is taken, so of two requests at once, on any instances, the second sees the first's
        // challenge; the clock is read before (a bound that lets every candidate through) and again once locked
        Instant beforeLock = clock.instant();
        UserFactors.Locked<Challenge> locked = factors.lockThen(accountId, userId, Challenges.openCandidatesStatement(
                accountId, userId, channel, beforeLock, announcements.unissuedGivenUpBefore(beforeLock)));
        UserFactor factor = locked.factor();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        if (factor.state() == LifecycleState.LOCKED) {
            UUID standing = challenges.standingRejection(accountId, userId, channel,
                    now.minus(StrikeRules.REJECTION_STANDS)).orElse(null);
            if (standing != null) {
                return new RejectedLocked(standing, factor.lockedUntil(), factor.consecutiveFailures(),
                        factor.fraudBlocked());
            }
            StrikeRules.Decision decision = strikes.rejectedWhileLocked(factor.consecutiveFailures(),
                    factor.lockedUntil());
            challenges.insertDecidedAtCommit(new Challenge(id, accountId, userId, channel, typeOf(factor),
                    factor.method(), ChallengeStatus.LOCKED_OUT, decision.outcome(), null, now, now, now, null, signIn),
                    Challenges.Counts.of(decision));
            events.result(new ChallengeResult(accountId, userId, id.toString(), channel, decision.outcome(),
                    decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil(), now));
            return new RejectedLocked(id, factor.lockedUntil(), factor.consecutiveFailures(), factor.fraudBlocked());
        }
        if (factor.state() != LifecycleState.ACTIVE || factor.type() == null) {
            return new NotActive(factor.state());
        }
        Optional<FactorRefusal> notChallengeable = factor.challengeRefusal();
        if (notChallengeable.isPresent() || noPhoneToReach(factor)) {
            if (!mayReadFactors()) {
                // to a VPN gateway a suspended factor, one waiting for a new PIN or without a phone to reach is one
                // with nothing to challenge with, as any other: "suspended" or "pin-required" told it the user is
                // there and what an admin did
                return new NotActive(factor.state());
            }
            notChallengeable.ifPresent(refusal -> {
                throw refusal;
            });
        }
        Challenge open = Challenges.openAt(locked.then(), now, announcements.unissuedGivenUpBefore(now)).orElse(null);
        if (open != null) {
            return SignInRules.mayShare(open, signIn) ? new StillOpen(open, factor)
                    : new OtherSignIn(SignInRules.retryAfterSeconds(open, now));
        }
        PhoneFactorMethod method = factor.type() == AuthType.PHONEFACTOR ? factor.method() : null;
        Delivery delivery = method == null ? null : ChallengeAnswerRules.deliveryOf(method);
        UserFactor.Phone phone = factor.primaryPhone();
        if (delivery != null) {
            if (delivery != Delivery.PUSH) {
                requirePhone(phone);
            }
            // before the contact is counted: a call the gateway's bound would refuse unmade writes nothing (503)
            telephony.requireRoom();
            boolean dialled = delivery != Delivery.PUSH && phone != null;
            ContactLimits.Refusal refusal = contacts.tryContact(accountId, userId, kindOf(delivery),
                    dialled ? phone.e164() : null, dialled ? reached(delivery, phone) : null).orElse(null);
            if (refusal != null) {
                return new TooMany(refusal);
            }
            if (delivery == Delivery.SMS && (code == null || codeHash == null)) {
                return new NeedsCode(); // the contact just recorded is rolled back with the rest
            }
        }
        boolean sms = delivery == Delivery.SMS;
        Duration timeout = timeouts.expiry().of(method);
        // inserted as issued, with its ChallengeIssued in the same transaction: no second statement to mark it
        Challenge challenge = new Challenge(id, accountId, userId, channel, factor.type(), method,
                ChallengeStatus.PENDING, null, sms ? codeHash : null, now, now.plus(timeout), null, now, signIn);
        // from this commit the challenge exists and counts; delivery follows
        if (method == null || delivery == null) {
            challenges.insertAtCommit(challenge);
            announcements.announceInserted(challenge, ChallengeAnnouncements.destinationOf(challenge, factor));
            return new Created(challenge, factor, null);
        }
        String destination = delivery == Delivery.PUSH ? null : reached(delivery, requirePhone(phone));
        // the challenge and its delivery in one statement
        Claim<ChallengeDeliveries.Delivery> claim = this.delivery.add(challenge, new ChallengeDeliveries.Delivery(id,
                accountId, userId, channel, method, challenge.expiresAt(), true, destination,
                sms ? secrets.seal(code) : null), now);
        announcements.announceInserted(challenge, ChallengeAnnouncements.destinationOf(challenge, factor));
        return new Created(challenge, factor, claim);
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

    /**
     * What the vendor is given to reach the user, and so the desk the contact limits count besides the number: a call
     * dials the extension too, so each desk behind one switchboard has its own five (counted by the switchboard's
     * number alone, five calls to one desk used up every other desk's logins, in every account); a text goes to the
     * number alone.
     */
    private static String reached(Delivery delivery, UserFactor.Phone phone) {
        return delivery == Delivery.SMS ? phone.e164() : phone.dialString();
    }

    private static ContactKind kindOf(Delivery delivery) {
        return switch (delivery) {
            case CALL -> ContactKind.CALL;
            case SMS -> ContactKind.SMS;
            case PUSH -> ContactKind.PUSH;
        };
    }

    /** Whether the factor's method reaches the user on a phone the factor does not have. */
    private static boolean noPhoneToReach(UserFactor factor) {
        PhoneFactorMethod method = factor.type() == AuthType.PHONEFACTOR ? factor.method() : null;
        return method != null && ChallengeAnswerRules.deliveryOf(method) != Delivery.PUSH
                && factor.primaryPhone() == null;
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
