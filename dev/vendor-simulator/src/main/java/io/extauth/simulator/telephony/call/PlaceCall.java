package io.extauth.simulator.telephony.call;

import io.extauth.simulator.telephony.PhoneNumbers;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /telephony/calls}; {@code message} (optional) is what the call says when it is picked up, and
 * {@code expiresAt} (optional) is when the call stops ringing.
 */
record PlaceCall(
        @NotBlank @Pattern(regexp = PhoneNumbers.E164_WITH_EXTENSION,
                message = "must be E.164, optionally with an extension, e.g. +15551234567;ext=123") String to,
        @NotNull String purpose,
        @Nullable @Size(max = 500) String message,
        @NotBlank String reference,
        @NotBlank @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL") String callbackUrl,
        @Nullable Instant expiresAt) {
}
