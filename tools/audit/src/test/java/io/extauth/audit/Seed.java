package io.extauth.audit;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.Unlocked;
import io.extauth.testsupport.TestEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes one account user's history to the broker in binary mode, in the order the services would, and remembers
 * the ids it wrote so a test can name the events a violation must show.
 */
final class Seed {

    static final Duration LOCK = Duration.ofMinutes(60);

    private final TestEvents events;
    private final String accountId;
    private final String userId;
    private int challenges;
    private int strikes;
    private Instant lockedUntil;
    String lastId;
    private ExtauthEvent lastEvent;

    Seed(TestEvents events, String accountId, String userId) {
        this.events = events;
        this.accountId = accountId;
        this.userId = userId;
    }

    String send(ExtauthEvent event) {
        return send(event, UUID.randomUUID().toString());
    }

    String send(ExtauthEvent event, String id) {
        lastId = events.sendBinary(EventTypes.topicOf(event), event, id);
        lastEvent = event;
        return lastId;
    }

    /** The last event once more, with its id: a redelivery. */
    String redeliverLast() {
        return send(lastEvent, lastId);
    }

    String orderPlaced(String orderId) {
        return send(new OrderPlaced(accountId, userId, orderId, userId + "@example.com", "SYMANTEC_VIP", "VSMT1234",
                null, true, "billing"));
    }

    String ordered(String orderId) {
        strikes = 0;
        return send(new AuthOrdered(accountId, userId, orderId, AuthType.SYMANTEC_VIP, "VSMT1234",
                userId + "@example.com", null, new BigDecimal("3.50"), OrderChannel.BILLING, Instant.now()));
    }

    String rejected(String orderId) {
        return send(new OrderRejected(accountId, userId, orderId,
                List.of(new OrderRejected.Reason("promoCode", "UNKNOWN", "no such promo code"))));
    }

    String provisioned(String orderId) {
        return send(new Provisioned(accountId, userId, orderId, AuthType.SYMANTEC_VIP, "vip-" + orderId,
                Instant.now()));
    }

    String email(String orderId, String template) {
        return send(new EmailSent(accountId, userId, orderId, template, userId.charAt(0) + "***@example.com",
                "<" + UUID.randomUUID() + "@extauth>", Instant.now()));
    }

    Activated activation() {
        return new Activated(accountId, userId, AuthType.SYMANTEC_VIP, null, Instant.now(), userId);
    }

    String activated() {
        strikes = 0;
        return send(activation());
    }

    String deactivated() {
        strikes = 0;
        return send(new Deactivated(accountId, userId, "admin-" + accountId, Instant.now()));
    }

    /** OrderPlaced, AuthOrdered, Provisioned, its e-mail, Activated and its e-mail. */
    Seed onboarded(String orderId) {
        orderPlaced(orderId);
        ordered(orderId);
        provisioned(orderId);
        email(orderId, "provisioned-symantec-vip");
        activated();
        email(orderId, "activated");
        return this;
    }

    String issued(String challengeId, Instant expiresAt) {
        return send(new ChallengeIssued(accountId, userId, challengeId, LoginChannel.VPN, AuthType.SYMANTEC_VIP, null,
                null, expiresAt, "Symantec VIP authentication is being attempted"));
    }

    String result(String challengeId, ChallengeOutcome outcome) {
        switch (outcome) {
            case SUCCEEDED -> strikes = 0;
            case FAILED, EXPIRED, LOCKED_OUT -> strikes++;
            case REJECTED_LOCKED, NOT_DELIVERED -> { }
        }
        if (outcome == ChallengeOutcome.LOCKED_OUT) {
            lockedUntil = Instant.now().plus(LOCK);
        }
        Instant until = outcome == ChallengeOutcome.LOCKED_OUT || outcome == ChallengeOutcome.REJECTED_LOCKED
                ? lockedUntil : null;
        return send(new ChallengeResult(accountId, userId, challengeId, LoginChannel.VPN, outcome, strikes,
                Math.max(0, 5 - strikes), until, Instant.now()));
    }

    String nextChallengeId() {
        return userId + "-c" + challenges++;
    }

    /** A challenge issued (expiring in two minutes) and decided; returns the result's id. */
    String login(ChallengeOutcome outcome) {
        String challengeId = nextChallengeId();
        issued(challengeId, Instant.now().plusSeconds(120));
        return result(challengeId, outcome);
    }

    /** Four failures and the fifth that locks; returns the LOCKED_OUT's id. */
    String lockOut() {
        for (int i = 0; i < 4; i++) {
            login(ChallengeOutcome.FAILED);
        }
        return login(ChallengeOutcome.LOCKED_OUT);
    }

    String unlocked(String by, Instant at) {
        strikes = 0;
        return send(new Unlocked(accountId, userId, by, at));
    }

    String unlockedByTimer() {
        return unlocked(Unlocked.BY_TIMER, lockedUntil);
    }

    Instant lockedUntil() {
        return lockedUntil;
    }
}
