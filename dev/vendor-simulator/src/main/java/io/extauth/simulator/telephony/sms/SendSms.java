package io.extauth.simulator.telephony.sms;

import io.extauth.simulator.telephony.PhoneNumbers;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /telephony/sms}; {@code expiresAt} (optional) is when a reply is no longer taken. */
record SendSms(
        @NotBlank @Pattern(regexp = PhoneNumbers.E164, message = "must be E.164, e.g. +15551234567") String to,
        @NotNull String text,
        @NotBlank String reference,
        @NotBlank @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL") String callbackUrl,
        @Nullable Instant expiresAt) {

    @Override
    public String toString() {
        return "SendSms[to=" + to + ", text=******, reference=" + reference + "]";
    }
}
