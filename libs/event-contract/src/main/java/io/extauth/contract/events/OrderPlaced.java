package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import org.jspecify.annotations.Nullable;

/**
 * A billing system (or the portal) orders external authentication for a user; {@code orderId} is the idempotency key.
 * Fields stay strings so that order-service can report every malformed one instead of failing on the first.
 */
public record OrderPlaced(
        String accountId,
        String userId,
        @Nullable String orderId,
        @Nullable String email,
        @Nullable String type,
        @Nullable String credentialId,
        @Nullable String promoCode,
        @Nullable Boolean msaAcknowledged,
        @Nullable String orderedBy) implements ExtauthEvent {
}
