package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The user's factor is active: from now on every login is challenged. */
public record Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
        Instant activatedAt, String activatedBy) implements ExtauthEvent {
}
