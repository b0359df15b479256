package io.extauth.simulator.provisioning;

import jakarta.validation.constraints.NotBlank;

/** A VIP credential bound to a user; the request body of {@code POST /vip/credentials}. */
record VipCredential(@NotBlank String idempotencyKey, @NotBlank String credentialId, @NotBlank String accountId,
        @NotBlank String userId) {

    boolean sameUserAs(VipCredential other) {
        return accountId.equals(other.accountId) && userId.equals(other.userId);
    }
}
