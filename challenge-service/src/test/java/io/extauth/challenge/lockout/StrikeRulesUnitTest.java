package io.extauth.challenge.lockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.ChallengeOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StrikeRulesUnitTest {

    private final StrikeRules rules = new StrikeRules(5, Duration.ofMinutes(60));
    private final Instant now = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void aFailureCountsAStrikeAndSaysHowManyAttemptsRemain() {
        StrikeRules.Decision decision = rules.failure(0, false, now);

        assertThat(decision.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(decision.consecutiveFailures()).isEqualTo(1);
        assertThat(decision.remainingAttempts()).isEqualTo(4);
        assertThat(decision.lockedUntil()).isNull();
    }

    @Test
    void theFifthConsecutiveFailureLocksTheUserForAnHour() {
        StrikeRules.Decision decision = rules.failure(4, false, now);

        assertThat(decision.outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
        assertThat(decision.locks()).isTrue();
        assertThat(decision.remainingAttempts()).isZero();
        assertThat(decision.lockedUntil()).isEqualTo(now.plus(Duration.ofMinutes(60)));
    }

    @Test
    void anUnansweredChallengeIsAStrikeReportedAsExpiredAndCanBeTheFifth() {
        assertThat(rules.failure(1, true, now).outcome()).isEqualTo(ChallengeOutcome.EXPIRED);
        assertThat(rules.failure(4, true, now).outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
    }

    @Test
    void aChallengeTheVendorCouldNotDeliverIsNoStrikeAndLeavesTheStandingAsItWas() {
        StrikeRules.Decision decision = rules.notDelivered(4, now.minusSeconds(30), null, now);

        assertThat(decision.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(decision.locks()).isFalse();
        assertThat(decision.consecutiveFailures()).as("the fourth failure stays the last one").isEqualTo(4);
        assertThat(decision.remainingAttempts()).isEqualTo(1);
        assertThat(decision.lockedUntil()).isNull();
    }

    @Test
    void aSuccessResetsTheCount() {
        StrikeRules.Decision decision = rules.success();

        assertThat(decision.consecutiveFailures()).isZero();
        assertThat(decision.remainingAttempts()).isEqualTo(5);
    }

    @Test
    void aChallengeWhileLockedIsNoStrike() {
        Instant until = now.plusSeconds(600);
        StrikeRules.Decision decision = rules.rejectedWhileLocked(5, until);

        assertThat(decision.outcome()).isEqualTo(ChallengeOutcome.REJECTED_LOCKED);
        assertThat(decision.consecutiveFailures()).isEqualTo(5);
        assertThat(decision.lockedUntil()).isEqualTo(until);
    }

    @Test
    void theLimitIsConfigurableButMustMakeSense() {
        assertThat(new StrikeRules(3, Duration.ofMinutes(5)).failure(2, false, now).locks()).isTrue();
        assertThatThrownBy(() -> new StrikeRules(0, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutACounterResetWindowOldStrikesCountForever() {
        Instant longAgo = now.minus(Duration.ofDays(30));

        assertThat(rules.failure(4, longAgo, false, now).locks()).isTrue();
    }

    @Test
    void aFailureAfterTheQuietCounterResetWindowStartsTheCountAgain() {
        StrikeRules windowed = new StrikeRules(5, Duration.ofMinutes(60), Duration.ofMinutes(30), true);

        StrikeRules.Decision afterQuiet = windowed.failure(4, now.minus(Duration.ofMinutes(30)), false, now);
        StrikeRules.Decision withinWindow = windowed.failure(4, now.minus(Duration.ofMinutes(29)), false, now);

        assertThat(afterQuiet.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(afterQuiet.consecutiveFailures()).isEqualTo(1);
        assertThat(afterQuiet.remainingAttempts()).isEqualTo(4);
        assertThat(withinWindow.locks()).isTrue();
    }

    @Test
    void aFraudReportLocksAtOnceUntilAnAdminOrForTheLockDurationWhenSoConfigured() {
        StrikeRules timed = new StrikeRules(5, Duration.ofMinutes(60), Duration.ZERO, false);

        StrikeRules.Decision untilAdmin = rules.fraud(1, now, now);
        StrikeRules.Decision untilTimer = timed.fraud(1, now, now);

        assertThat(untilAdmin.outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
        assertThat(untilAdmin.consecutiveFailures()).isEqualTo(2);
        assertThat(untilAdmin.remainingAttempts()).isZero();
        assertThat(untilAdmin.lockedUntil()).isNull();
        assertThat(untilTimer.lockedUntil()).isEqualTo(now.plus(Duration.ofMinutes(60)));
    }
}
