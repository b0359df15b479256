package io.extauth.provisioning;

import io.extauth.contract.AuthType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One order's provisioning as the service remembers it: what the vendor was asked, how often, what it answered, and
 * when the worker tries next ({@code nextAttemptAt}, set only while there is work).
 */
public record ProvisioningRecord(String orderId, String accountId, String userId, AuthType type,
        @Nullable String credentialId, @Nullable String email, Instant orderedAt, @Nullable String vendorRef,
        ProvisioningStatus status, int attempts, int deprovisionAttempts, @Nullable String failureReason,
        @Nullable String lastError, @Nullable Instant nextAttemptAt, @Nullable UndoCause undoCause) {

    public ProvisioningRecord withVendorRef(String newVendorRef) {
        return new ProvisioningRecord(orderId, accountId, userId, type, credentialId, email, orderedAt, newVendorRef,
                status, attempts, deprovisionAttempts, failureReason, lastError, nextAttemptAt, undoCause);
    }

    /** The e-mail address stays out of logs. */
    @Override
    public String toString() {
        return "ProvisioningRecord[orderId=" + orderId + ", userId=" + userId + ", type=" + type + ", status=" + status
                + ", attempts=" + attempts + "]";
    }
}
