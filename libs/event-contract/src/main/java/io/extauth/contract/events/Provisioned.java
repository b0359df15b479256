package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/** The vendor has set the user up; activation may begin. */
public record Provisioned(String accountId, String userId, String orderId, AuthType type, String vendorRef,
        Instant provisionedAt) implements ExtauthEvent {
}
