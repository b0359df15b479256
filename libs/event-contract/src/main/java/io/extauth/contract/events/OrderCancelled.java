package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/** An accepted order was cancelled before it was provisioned: provisioning must not happen (or be undone). */
public record OrderCancelled(String accountId, String userId, String orderId, String cancelledBy, Instant at)
        implements ExtauthEvent {
}
