package io.extauth.provisioning.provisioning;

import io.extauth.contract.AuthType;
import org.jspecify.annotations.Nullable;

/** One order's provisioning as the service remembers it. */
public record ProvisioningRecord(String orderId, String accountId, String userId, AuthType type,
        @Nullable String credentialId, @Nullable String vendorRef, ProvisioningStatus status, int attempts,
        @Nullable String failureReason) {
}
