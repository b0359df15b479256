package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The user's factor is active: from now on every login is challenged. {@code orderId}: the order the factor came from
 * (absent in events written before it was added), so that its mail goes to that order's contact, not to an earlier
 * order's whose address is all the reader has seen yet.
 */
public record Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
        Instant activatedAt, String activatedBy, @Nullable String orderId) implements ExtauthEvent {

    /** Without the order (as events were before {@code orderId} was added). */
    public Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
            Instant activatedAt, String activatedBy) {
        this(accountId, userId, type, method, activatedAt, activatedBy, null);
    }
}
