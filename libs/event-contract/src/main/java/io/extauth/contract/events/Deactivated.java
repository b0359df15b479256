package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The factor was switched off; the user is challenged no more until a new order. {@code orderId}: the order the factor
 * came from (absent in events written before it was added), so that a reader of another topic takes back that order
 * even when it has not read the order yet, instead of judging by instants of two services' clocks.
 */
public record Deactivated(String accountId, String userId, String deactivatedBy, Instant at,
        @Nullable String orderId) implements ExtauthEvent {

    /** Without the order (as events were before {@code orderId} was added). */
    public Deactivated(String accountId, String userId, String deactivatedBy, Instant at) {
        this(accountId, userId, deactivatedBy, at, null);
    }
}
