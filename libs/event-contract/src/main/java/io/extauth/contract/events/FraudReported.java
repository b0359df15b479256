package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The user reported a challenge as fraud ({@code 0#} on the call, "deny and report" in the app): the challenge failed,
 * the user is blocked, and the account's admins are to be told.
 */
public record FraudReported(String accountId, String userId, String challengeId, LoginChannel channel,
        @Nullable PhoneFactorMethod method, Instant reportedAt) implements ExtauthEvent {
}
