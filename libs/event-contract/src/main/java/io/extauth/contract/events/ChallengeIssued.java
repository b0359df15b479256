package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A login challenge went out by the user's method. */
public record ChallengeIssued(String accountId, String userId, String challengeId, LoginChannel channel, AuthType type,
        @Nullable PhoneFactorMethod method, @Nullable String destinationMasked, Instant expiresAt, String message)
        implements ExtauthEvent {
}
