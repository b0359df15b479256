package io.extauth.simulator.telephony.push;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /telephony/pushes}; {@code expiresAt} (optional) is when it can no longer be acted on. */
record SendPush(
        @NotBlank String userId,
        @NotBlank String accountId,
        @NotNull String message,
        boolean withPin,
        @NotBlank String reference,
        @NotBlank @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL") String callbackUrl,
        @Nullable Instant expiresAt) {
}
