package io.extauth.contract.events;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;

/** The vendor refused for good; {@code reason} is the vendor's, {@code attempts} how often it was tried. */
public record ProvisioningFailed(String accountId, String userId, String orderId, AuthType type, String reason,
        int attempts) implements ExtauthEvent {
}
