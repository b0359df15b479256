package io.extauth.challenge.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Whether a challenge still waits for its answer: judged by the clock read once its user's lock is taken, so a
 * challenge that expired while an issue waited for the lock is not handed back as the open one.
 */
class ChallengeOpenUnitTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant GIVEN_UP_BEFORE = NOW.minus(Duration.ofMinutes(2));

    @Test
    void aPendingIssuedChallengeBeforeItsExpiryIsOpen() {
        assertThat(challenge(ChallengeStatus.PENDING, NOW.plusSeconds(1), NOW.minusSeconds(30)).isOpenAt(NOW,
                GIVEN_UP_BEFORE)).isTrue();
    }

    @Test
    void oneThatExpiredWhileTheRequestWaitedForTheLockIsNot() {
        // read as a candidate with the time before the lock (expiry still ahead then), judged with the time after it
        Challenge expiredMeanwhile = challenge(ChallengeStatus.PENDING, NOW.minusMillis(5), NOW.minusSeconds(60));

        assertThat(expiredMeanwhile.isOpenAt(NOW.minusMillis(10), GIVEN_UP_BEFORE)).isTrue();
        assertThat(expiredMeanwhile.isOpenAt(NOW, GIVEN_UP_BEFORE)).isFalse();
        assertThat(challenge(ChallengeStatus.PENDING, NOW, NOW.minusSeconds(60)).isOpenAt(NOW, GIVEN_UP_BEFORE))
                .as("expiring at this very instant").isFalse();
    }

    @Test
    void aDecidedChallengeIsNotOpen() {
        assertThat(challenge(ChallengeStatus.SUCCEEDED, NOW.plusSeconds(60), NOW.minusSeconds(30)).isOpenAt(NOW,
                GIVEN_UP_BEFORE)).isFalse();
    }

    @Test
    void oneNeverRecordedAsIssuedIsOpenOnlyIfCreatedAfterItsInstanceGaveUp() {
        Challenge unissuedRecent = challenge(ChallengeStatus.PENDING, NOW.plusSeconds(60), null,
                GIVEN_UP_BEFORE.plusSeconds(1));
        Challenge unissuedOld = challenge(ChallengeStatus.PENDING, NOW.plusSeconds(60), null, GIVEN_UP_BEFORE);

        assertThat(unissuedRecent.isOpenAt(NOW, GIVEN_UP_BEFORE)).isTrue();
        assertThat(unissuedOld.isOpenAt(NOW, GIVEN_UP_BEFORE)).isFalse();
    }

    private static Challenge challenge(ChallengeStatus status, Instant expiresAt, @Nullable Instant issuedAt) {
        return challenge(status, expiresAt, issuedAt, NOW.minusSeconds(60));
    }

    private static Challenge challenge(ChallengeStatus status, Instant expiresAt, @Nullable Instant issuedAt,
            Instant createdAt) {
        ChallengeOutcome outcome = status == ChallengeStatus.PENDING ? null : ChallengeOutcome.SUCCEEDED;
        return new Challenge(UUID.randomUUID(), "acct-1", "user-1", LoginChannel.PORTAL, AuthType.PHONEFACTOR,
                PhoneFactorMethod.PHONE_CALL_STANDARD, status, outcome, null, createdAt, expiresAt, null, issuedAt, null);
    }
}
