package io.extauth.simulator.provisioning;

import jakarta.validation.constraints.NotBlank;

/** A user as registered with PhoneFactor; the request body of {@code POST /phonefactor/users}. */
record PhoneFactorUser(@NotBlank String idempotencyKey, @NotBlank String accountId, @NotBlank String userId,
        @NotBlank String email) {
}
