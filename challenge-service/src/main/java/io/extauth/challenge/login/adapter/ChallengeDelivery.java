package io.extauth.challenge.login.adapter;

import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.lockout.adapter.LockoutProperties;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeAnswerRules;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.adapter.ChallengeDeliveries.Delivery;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.WorkRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reaches the user of an issued PhoneFactor challenge (call, SMS, push), on the messaging kit's {@link WorkRunner}. The
 * challenge, its {@code ChallengeIssued} and its delivery row are committed together ({@link ChallengeIssuer}); the
 * request that created them delivers at once on one of the gateway's threads ({@link #deliverHere}), holding the row's
 * lease. If that instance dies, the lease runs out and any instance's {@link #poll} takes the row over and delivers
 * with the same reference, the challenge id, which the vendor treats as the same contact: the phone does not ring twice.
 * <p>
 * Every delivery ends one of two ways, and then its row is gone: the user was reached (the challenge waits for its
 * answer or expires as usual), or the vendor could not be reached (or the challenge was over before anyone could try):
 * the challenge is decided {@code NOT_DELIVERED}, no strike, with its {@code ChallengeResult}. So every challenge id a
 * caller saw gets a result. The expiry timer passes over a challenge whose delivery is not settled.
 */
@Component
class ChallengeDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChallengeDelivery.class);
    /** The gauge of {@link DeliverySettler#unrecorded()}. */
    static final String UNRECORDED = "extauth.challenge.deliveries.unrecorded";

    private final ChallengeDeliveries deliveries;
    private final Challenges challenges;
    private final UserFactors factors;
    private final TelephonyGateway telephony;
    private final Secrets secrets;
    private final ChallengeEvents events;
    private final StrikeRules strikes;
    private final DatabaseRetry retry;
    private final Clock clock;
    private final ChallengeProperties.Delivery settings;
    private final WorkRunner<Delivery> runner;
    private final DeliverySettler settler;

    ChallengeDelivery(ChallengeDeliveries deliveries, Challenges challenges, UserFactors factors,
            TelephonyGateway telephony, Secrets secrets, ChallengeEvents events, LockoutProperties lockout,
            DatabaseRetry retry, TransactionTemplate transactions, Clock clock, ChallengeProperties properties,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.challenges = challenges;
        this.factors = factors;
        this.telephony = telephony;
        this.secrets = secrets;
        this.events = events;
        this.strikes = lockout.rules();
        this.retry = retry;
        this.clock = clock;
        this.settings = properties.delivery();
        this.runner = new WorkRunner<>("challenge-delivery", deliveries, settings.concurrency(), settings.lease(),
                transactions, clock);
        // a row that was not there any more: the runner warns that the lease ran out, as for one removed alone
        this.settler = new DeliverySettler(deliveries, (claim, removed) -> runner.recordAlone(claim, c -> removed),
                retry, settings.settleDelay());
        Gauge.builder(UNRECORDED, settler, DeliverySettler::unrecorded).description("Deliveries that reached the "
                + "user whose rows wait for the settler's next removal").register(meters);
    }

    /** Inserts a challenge with its delivery in the caller's transaction, the delivery leased to the caller. */
    Claim<Delivery> add(Challenge challenge, Delivery delivery, Instant now) {
        return deliveries.insertLeased(challenge, delivery, now, settings.lease());
    }

    /**
     * Delivers on the calling thread (one of the gateway's, for a request), right after the commit that created the
     * challenge; false when the vendor could not be reached and the challenge is decided NOT_DELIVERED. A thread that dies before recording the outcome
     * leaves the delivery to its lease: another instance takes it over.
     */
    boolean deliverHere(Claim<Delivery> claim) {
        AtomicBoolean delivered = new AtomicBoolean();
        runner.performHere(claim, c -> delivered.set(deliver(c)));
        return delivered.get();
    }

    /**
     * Ends, on the calling thread, a delivery that could not be handed to the gateway's threads (all busy since the
     * request checked): decided NOT_DELIVERED, as when the gateway cannot be reached.
     */
    void notDeliveredHere(Claim<Delivery> claim, String why) {
        runner.performHere(claim, c -> notDelivered(c, why));
    }

    /** Takes over the deliveries whose lease ran out (their instance died) and does them on the worker's threads. */
    @Scheduled(fixedDelayString = "${extauth.challenges.delivery.poll-interval:1s}")
    void poll() {
        runner.poll(claim -> {
            log.warn("Taking over the delivery of challenge {} (attempt {}): the instance that created it did not "
                    + "finish it within its lease", claim.key(), claim.attempt());
            deliver(claim);
        });
    }

    private boolean deliver(Claim<Delivery> claim) {
        Delivery delivery = claim.item();
        if (!delivery.pending()) {
            settle(claim); // answered already: the user was reached
            return true;
        }
        if (!delivery.expiresAt().isAfter(clock.instant())) {
            // too late to reach anyone; whether the instance that died reached the user is unknown: no strike
            notDelivered(claim, "it was over before its delivery could be taken over");
            return false;
        }
        try {
            send(delivery);
        } catch (VendorUnavailableException e) {
            notDelivered(claim, "the telephony gateway could not be reached");
            return false;
        }
        settle(claim);
        return true;
    }

    private void send(Delivery delivery) {
        PhoneFactorMethod method = delivery.method();
        String reference = delivery.challengeId().toString();
        switch (ChallengeAnswerRules.deliveryOf(method)) {
            case CALL -> telephony.placeCall(required(delivery.destination(), delivery), "CHALLENGE",
                    spoken(delivery.channel(), method), reference, delivery.expiresAt());
            case SMS -> telephony.sendSms(required(delivery.destination(), delivery),
                    // the text names the sign-in it is for, as the push does: a second text seconds after the user's
                    // own, for a sign-in on the other channel by someone with the password, says so
                    "Your extauth " + signIn(delivery.channel()) + " sign-in code is "
                            + secrets.unseal(required(delivery.sealedCode(), delivery))
                            + ". Reply " + (method.needsPin() ? "with the code followed by your PIN, no spaces."
                                    : "with the code."), reference, delivery.expiresAt());
            case PUSH -> telephony.sendPush(delivery.accountId(), delivery.userId(),
                    ChallengeAnnouncements.PHONEFACTOR_MESSAGE + " (" + delivery.channel() + ")", method.needsPin(),
                    reference, delivery.expiresAt());
        }
    }

    /**
     * What a login's call says when it is picked up: the sign-in it is for, as the text and the push name theirs, so a
     * call for a sign-in the user did not start says which one it is; and the keys {@link ChallengeAnswerRules} takes.
     */
    static String spoken(LoginChannel channel, PhoneFactorMethod method) {
        return "This is extauth. Someone is signing in to your extauth " + signIn(channel) + ". If it is you, "
                + (method.needsPin() ? "enter your PIN, then press pound." : "press pound.")
                + " If it is not you, press zero, then pound.";
    }

    private static String signIn(LoginChannel channel) {
        return switch (channel) {
            case PORTAL -> "portal";
            case VPN -> "VPN";
        };
    }

    /**
     * The user was reached: the row goes with the settler's next removal, many deliveries' rows in one statement
     * ({@link DeliverySettler}); this thread makes no round trip for it. Should the database give way for longer than
     * the settler's retries, the lease runs out and another instance delivers again with the same reference, which the
     * vendor answers as the same contact.
     */
    private void settle(Claim<Delivery> claim) {
        runner.awaitRecording(claim); // its lease renewed should the removal be held up
        settler.settled(claim);
    }

    /**
     * The vendor could not be reached: the challenge is decided NOT_DELIVERED with its result, no strike, in the
     * transaction that ends the delivery; an answer that came first (the user was reached after all) keeps its decision.
     * Run again also after a commit whose outcome is unknown: a run after one that committed finds the row gone and
     * decides nothing (the runner warns that the lease ran out).
     */
    private void notDelivered(Claim<Delivery> claim, String why) {
        retry.runEvenAfterAnUnknownCommit("deciding challenge " + claim.key() + " NOT_DELIVERED", () -> {
            // the row goes in the statement that says whether the challenge still waits, not after a lock of its own
            AtomicBoolean pending = new AtomicBoolean();
            runner.recordUpdate(claim, () -> deliveries.deleteClaimedTellingPending(claim).map(stillPending -> {
                pending.set(stillPending);
                return true;
            }).orElse(false), () -> {
                if (pending.get()) {
                    decideNotDelivered(claim.item(), why);
                }
            });
            return Boolean.TRUE;
        });
    }

    private void decideNotDelivered(Delivery delivery, String why) {
        UserFactor factor = factors.lock(delivery.accountId(), delivery.userId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StrikeRules.Decision decision = strikes.notDelivered(factor.consecutiveFailures(), factor.lastFailureAt(),
                factor.lockedUntil(), now);
        if (!challenges.decide(delivery.challengeId(), ChallengeStatus.NOT_DELIVERED, ChallengeOutcome.NOT_DELIVERED,
                now, Challenges.Counts.of(decision))) {
            return;
        }
        events.result(new ChallengeResult(delivery.accountId(), delivery.userId(), delivery.challengeId().toString(),
                delivery.channel(), decision.outcome(), decision.consecutiveFailures(), decision.remainingAttempts(),
                decision.lockedUntil(), now));
        log.warn("Challenge {} of user {} NOT_DELIVERED (no strike): {}", delivery.challengeId(), delivery.userId(),
                why);
    }

    private static String required(@Nullable String value, Delivery delivery) {
        if (value == null) {
            throw new IllegalStateException("The delivery of " + delivery + " has no destination or code");
        }
        return value;
    }

    @Override
    public void destroy() throws InterruptedException {
        runner.shutdown(); // the runner's own deliveries in flight end first (a few seconds at most), theirs queued
        settler.close(); // a request's delivery that ends later is removed on its own thread (or taken over)
    }
}
