package io.extauth.audit.synthetic;

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
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.Unlocked;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's clean history as the services would write it: order, provisioning and its e-mail, activation, three
 * successful logins, a lockout at the fifth failure ended by the timer, and a login after it. 25 events.
 */
public final class SyntheticHistory {

    public static final int EVENTS_PER_USER = 25;
    private static final Duration LOCK = Duration.ofMinutes(60);

    /** An event with the time it happened and the topic it travels on. */
    public record Timed(String topic, Instant time, ExtauthEvent event) {
    }

    private SyntheticHistory() {
    }

    /** The history of user {@code userIndex}, who starts {@code userIndex} seconds after {@code epoch}. */
    public static List<Timed> of(long userIndex, Instant epoch) {
        String account = String.valueOf(1000 + userIndex % 500);
        String user = "synthetic-" + userIndex;
        String order = "order-" + userIndex;
        List<Timed> events = new ArrayList<>(EVENTS_PER_USER);
        Instant[] clock = {epoch.plusSeconds(userIndex)};
        java.util.function.Consumer<ExtauthEvent> at = event -> {
            clock[0] = clock[0].plusSeconds(1);
            events.add(new Timed(topicOf(event), clock[0], event));
        };
        at.accept(new OrderPlaced(account, user, order, user + "@example.com", "PHONEFACTOR", null, null, true,
                "billing"));
        at.accept(new AuthOrdered(account, user, order, AuthType.PHONEFACTOR, null, user + "@example.com", null,
                new BigDecimal("4.99"), OrderChannel.BILLING, clock[0]));
        at.accept(new Provisioned(account, user, order, AuthType.PHONEFACTOR, "pf-" + userIndex, clock[0]));
        at.accept(new EmailSent(account, user, order, "provisioned-phonefactor", "s***@example.com",
                "<m-" + userIndex + "@extauth>", clock[0]));
        at.accept(new Activated(account, user, AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD, clock[0],
                user));
        at.accept(new EmailSent(account, user, order, "activated", "s***@example.com",
                "<a-" + userIndex + "@extauth>", clock[0]));
        int challenge = 0;
        for (int i = 0; i < 3; i++) {
            challenge(at, clock, account, user, userIndex + "-" + challenge++, ChallengeOutcome.SUCCEEDED, 0, null);
        }
        for (int failure = 1; failure <= 5; failure++) {
            ChallengeOutcome outcome = failure == 5 ? ChallengeOutcome.LOCKED_OUT : ChallengeOutcome.FAILED;
            Instant lockedUntil = failure == 5 ? clock[0].plusSeconds(2).plus(LOCK) : null;
            challenge(at, clock, account, user, userIndex + "-" + challenge++, outcome, failure, lockedUntil);
        }
        clock[0] = clock[0].plus(LOCK);
        at.accept(new Unlocked(account, user, Unlocked.BY_TIMER, clock[0].plusSeconds(1)));
        challenge(at, clock, account, user, userIndex + "-" + challenge, ChallengeOutcome.SUCCEEDED, 0, null);
        return events;
    }

    private static void challenge(java.util.function.Consumer<ExtauthEvent> at, Instant[] clock, String account,
            String user, String challengeId, ChallengeOutcome outcome, int failures, Instant lockedUntil) {
        at.accept(new ChallengeIssued(account, user, "c-" + challengeId, LoginChannel.PORTAL, AuthType.PHONEFACTOR,
                PhoneFactorMethod.PHONE_CALL_STANDARD, "+1 ***-***-1234", clock[0].plusSeconds(120),
                "PhoneFactor authentication is being attempted"));
        at.accept(new ChallengeResult(account, user, "c-" + challengeId, LoginChannel.PORTAL, outcome, failures,
                Math.max(0, 5 - failures), lockedUntil, clock[0].plusSeconds(1)));
    }

    private static String topicOf(ExtauthEvent event) {
        return EventTypes.topicOf(event);
    }
}
