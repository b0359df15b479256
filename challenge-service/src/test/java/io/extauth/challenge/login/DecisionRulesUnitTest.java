package io.extauth.challenge.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.login.DecisionRules.Decided;
import io.extauth.challenge.login.DecisionRules.Standing;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionRulesUnitTest {

    private final DecisionRules rules = new DecisionRules(new StrikeRules(5, Duration.ofMinutes(30)));
    private final Instant now = Instant.parse("2026-11-30T09:00:00Z");

    @Test
    void aContactTheVendorLostDecidesNotDeliveredAndLeavesTheUsersStandingAsItWas() {
        Standing twoStrikes = new Standing(LifecycleState.ACTIVE, 2, now.minusSeconds(60), null, null);

        Decided decided = (Decided) rules.decide(true, now.plusSeconds(30), twoStrikes, () -> Verdict.NOT_DELIVERED,
                now);

        assertThat(decided.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(decided.after()).isEqualTo(twoStrikes);
        assertThat(decided.decision().consecutiveFailures()).isEqualTo(2);
        assertThat(decided.decision().remainingAttempts()).isEqualTo(3);
        assertThat(decided.locks()).isFalse();
    }

    @Test
    void aChallengeDecidedAlreadyIsNotDecidedAgainByALostContact() {
        Standing clean = new Standing(LifecycleState.ACTIVE, 0, null, null, null);

        assertThat(rules.decide(false, now.plusSeconds(30), clean, () -> Verdict.NOT_DELIVERED, now))
                .isInstanceOf(DecisionRules.AlreadyDecided.class);
    }
}
