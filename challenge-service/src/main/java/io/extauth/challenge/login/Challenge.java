package io.extauth.challenge.login;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One login challenge of one account user, for the portal or the VPN. {@code issuedAt} is when its ChallengeIssued
 * was committed, with the challenge; null only on a row of the previous version that was never announced.
 * {@code signInKey} names the sign-in it was issued for ({@link SignInRules#keyOf}); null when the caller named none.
 */
public record Challenge(UUID id, String accountId, String userId, LoginChannel channel, AuthType type,
        @Nullable PhoneFactorMethod method, ChallengeStatus status, @Nullable ChallengeOutcome outcome,
        @Nullable String codeHash, Instant createdAt, Instant expiresAt, @Nullable Instant decidedAt,
        @Nullable Instant issuedAt, @Nullable String signInKey) {

    /**
     * Whether it still waits for its answer at {@code now}: pending and not expired. One not yet recorded as issued
     * waits only if created after {@code unissuedSince}: before that its instance gave up.
     */
    public boolean isOpenAt(Instant now, Instant unissuedSince) {
        return status == ChallengeStatus.PENDING && expiresAt.isAfter(now)
                && (issuedAt != null || createdAt.isAfter(unissuedSince));
    }

    public boolean belongsTo(String account, String user) {
        return accountId.equals(account) && userId.equals(user);
    }

    /** This challenge as recorded issued at {@code at}. */
    public Challenge issued(Instant at) {
        return new Challenge(id, accountId, userId, channel, type, method, status, outcome, codeHash, createdAt,
                expiresAt, decidedAt, at, signInKey);
    }

    /** This challenge as decided at {@code at}; its code is forgotten. */
    public Challenge decided(ChallengeOutcome by, Instant at) {
        return new Challenge(id, accountId, userId, channel, type, method, ChallengeStatus.of(by), by, null, createdAt,
                expiresAt, at, issuedAt, signInKey);
    }

    @Override
    public String toString() {
        return "Challenge[" + id + ", " + accountId + "/" + userId + ", " + channel + ", " + type + ", " + method
                + ", " + status + "]";
    }
}
