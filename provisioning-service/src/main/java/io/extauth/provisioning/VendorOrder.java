package io.extauth.provisioning;

import io.extauth.contract.AuthType;
import org.jspecify.annotations.Nullable;

/** What a vendor needs to set up one user for one order; {@code orderId} is the idempotency key at the vendor. */
public record VendorOrder(String orderId, String accountId, String userId, AuthType type, String email,
        @Nullable String credentialId) {

    /** The e-mail address stays out of logs and exceptions. */
    @Override
    public String toString() {
        return "VendorOrder[orderId=" + orderId + ", accountId=" + accountId + ", userId=" + userId + ", type=" + type
                + ", credentialId=" + credentialId + "]";
    }
}
