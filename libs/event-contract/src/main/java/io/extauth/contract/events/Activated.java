package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The user's factor is active: from now on every login is challenged. {@code orderId}: the order the factor came from
 * (absent in events written before it was added), so that its mail goes to that order's contact, not to an earlier
 * order's whose address is all the reader has seen yet. {@code phoneMasked}: a PhoneFactor factor's verified primary
 * phone, masked as the contract masks numbers (added 2026-12-07; absent before, and for Symantec VIP), so that the
 * activation mail tells the user which phone was bound: one who did not set the factor up sees at once that someone
 * else did, with a phone of their own.
 */
public record Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
        Instant activatedAt, String activatedBy, @Nullable String orderId, @Nullable String phoneMasked)
        implements ExtauthEvent {

    /** Without the phone (as events were before {@code phoneMasked} was added). */
    public Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
            Instant activatedAt, String activatedBy, @Nullable String orderId) {
        this(accountId, userId, type, method, activatedAt, activatedBy, orderId, null);
    }

    /** Without the order (as events were before {@code orderId} was added). */
    public Activated(String accountId, String userId, AuthType type, @Nullable PhoneFactorMethod method,
            Instant activatedAt, String activatedBy) {
        this(accountId, userId, type, method, activatedAt, activatedBy, null, null);
    }
}
