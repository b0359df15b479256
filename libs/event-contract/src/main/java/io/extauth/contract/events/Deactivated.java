package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The factor was switched off; the user is challenged no more until a new order. {@code type} and {@code orderId}: the
 * factor's and the order it came from (both absent in events written before they were added), so that a reader of
 * another topic takes back that order even when it has not read the order yet, instead of judging by instants of two
 * services' clocks.
 */
public record Deactivated(String accountId, String userId, String deactivatedBy, Instant at, @Nullable AuthType type,
        @Nullable String orderId) implements ExtauthEvent {

    /** Without the factor's type and order (as events were before they were added). */
    public Deactivated(String accountId, String userId, String deactivatedBy, Instant at) {
        this(accountId, userId, deactivatedBy, at, null, null);
    }
}
