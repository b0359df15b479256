package io.extauth.simulator.provisioning;

import jakarta.validation.constraints.NotBlank;

/** A VIP credential bound to a user; the request body of {@code POST /vip/credentials}. */
record VipCredential(@NotBlank String idempotencyKey, @NotBlank String credentialId, @NotBlank String accountId,
        @NotBlank String userId) {

    boolean sameUserAs(VipCredential other) {
        return isOf(other.accountId, other.userId);
    }

    boolean isOf(String accountId, String userId) {
        return this.accountId.equals(accountId) && this.userId.equals(userId);
    }
}
