package io.extauth.simulator.telephony.push;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /telephony/pushes}. */
record SendPush(
        @NotBlank String userId,
        @NotBlank String accountId,
        @NotNull String message,
        boolean withPin,
        @NotBlank String reference,
        @NotBlank @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL") String callbackUrl) {
}
