package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeAnswerRules;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.login.ChallengeAnswerRules.Delivery;
import io.extauth.challenge.telephony.adapter.TelephonyTimeouts;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeIssued;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Records a challenge as issued: sets its {@code issued_at} and writes {@code ChallengeIssued} to the outbox, in the
 * caller's transaction and once per challenge. This version does it in the transaction that creates the challenge
 * ({@link ChallengeIssuer}); delivery follows ({@link ChallengeDelivery}). A row without {@code issued_at} is only left
 * by an instance of the version before, which announced after the vendor call: the user's answer records it first,
 * and one still unrecorded when the vendor's timeouts and a margin have passed is forgotten, as that version did
 * ({@link ChallengeExpiryTimer}).
 */
@Component
class ChallengeAnnouncements {

    static final String PHONEFACTOR_MESSAGE = "PhoneFactor authentication is being attempted";
    static final String SYMANTEC_MESSAGE = "Enter the security code shown on your Symantec VIP credential";

    /** After the vendor answered: the commit of ChallengeIssued, with a retry or two if the database gives way. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final Challenges challenges;
    private final ChallengeEvents events;
    private final Duration givenUpAfter;

    ChallengeAnnouncements(Challenges challenges, ChallengeEvents events, TelephonyTimeouts telephony) {
        this.challenges = challenges;
        this.events = events;
        this.givenUpAfter = telephony.connectTimeout().plus(telephony.readTimeout()).plus(MARGIN);
    }

    /** Records the challenge as issued and announces it; false when that was done before or the challenge is gone. */
    boolean announce(Challenge challenge, @Nullable String destinationMasked, Instant at) {
        if (!challenges.markIssued(challenge.id(), at)) {
            return false;
        }
        announceInserted(challenge, destinationMasked);
        return true;
    }

    /** Announces a challenge the caller's transaction has just inserted with its {@code issued_at} set. */
    void announceInserted(Challenge challenge, @Nullable String destinationMasked) {
        events.issued(new ChallengeIssued(challenge.accountId(), challenge.userId(), challenge.id().toString(),
                challenge.channel(), challenge.type(), challenge.method(), destinationMasked, challenge.expiresAt(),
                messageOf(challenge)));
    }

    /** A challenge created before this instant and still not recorded as issued never will be: it is given up. */
    Instant unissuedGivenUpBefore(Instant now) {
        return now.minus(givenUpAfter);
    }

    static String messageOf(Challenge challenge) {
        return challenge.type() == AuthType.SYMANTEC_VIP ? SYMANTEC_MESSAGE : PHONEFACTOR_MESSAGE;
    }

    /** Where a challenge goes, as announced: the factor's primary phone (masked), the app, or nowhere (Symantec). */
    static @Nullable String destinationOf(Challenge challenge, UserFactor factor) {
        PhoneFactorMethod method = challenge.method();
        if (challenge.type() != AuthType.PHONEFACTOR || method == null) {
            return null;
        }
        if (ChallengeAnswerRules.deliveryOf(method) == Delivery.PUSH) {
            return "PhoneFactor app";
        }
        UserFactor.Phone phone = factor.primaryPhone();
        return phone == null ? null : phone.masked();
    }
}
