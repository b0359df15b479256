package io.extauth.challenge.activation;

import io.extauth.challenge.factor.PhoneSlot;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A verification call to a phone; the number itself is kept only while the call is pending. */
public record PhoneVerification(UUID id, String accountId, String userId, PhoneSlot slot, @Nullable String phone,
        @Nullable String countryCode, @Nullable String extension, String phoneMasked, Status status,
        @Nullable String reason, Instant createdAt, Instant expiresAt, @Nullable Instant decidedAt,
        @Nullable String requestedBy, boolean requestedByAdmin) {

    /** Where the verification stands: the phone rings, or it was decided (the phone saved, or not). */
    public enum Status { CALLING, VERIFIED, FAILED }

    @Override
    public String toString() {
        return "PhoneVerification[" + id + ", " + accountId + "/" + userId + ", " + slot + ", " + phoneMasked + ", "
                + status + "]";
    }
}
