package io.extauth.challenge.activation;

import io.extauth.challenge.factor.PhoneSlot;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A verification call to a phone; the number itself is kept only while the call is pending. */
public record PhoneVerification(UUID id, String accountId, String userId, PhoneSlot slot, @Nullable String phone,
        @Nullable String countryCode, @Nullable String extension, String phoneMasked, String status,
        @Nullable String reason, Instant createdAt, Instant expiresAt, @Nullable Instant decidedAt,
        @Nullable String requestedBy) {

    public static final String CALLING = "CALLING";
    public static final String VERIFIED = "VERIFIED";
    public static final String FAILED = "FAILED";

    @Override
    public String toString() {
        return "PhoneVerification[" + id + ", " + accountId + "/" + userId + ", " + slot + ", " + phoneMasked + ", "
                + status + "]";
    }
}
