package io.extauth.simulator.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackRetryRulesUnitTest {

    private static final Instant ACTED = Instant.parse("2026-11-30T09:00:00Z");

    private final CallbackRetryRules rules = new CallbackRetryProperties(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(10)).rules();

    @ParameterizedTest
    @ValueSource(ints = {0, 408, 429, 500, 502, 503, 504})
    void noAnswerATimeoutAndA5xxAreDeliveredAgain(int status) {
        assertThat(CallbackRetryRules.retries(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 413, 422})
    void aRefusalIsNotDeliveredAgain(int status) {
        assertThat(CallbackRetryRules.retries(status)).isFalse();
    }

    @Test
    void theWaitDoublesFromOneSecondUpToThirty() {
        assertThat(rules.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(rules.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(rules.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(rules.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(rules.delayAfter(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retriesStopAtTheContactsEndOrTenMinutesAfterTheUserActedWhicheverIsFirst() {
        assertThat(rules.giveUpAt(ACTED, ACTED.plusSeconds(60))).isEqualTo(ACTED.plusSeconds(60));
        assertThat(rules.giveUpAt(ACTED, ACTED.plusSeconds(3600))).isEqualTo(ACTED.plusSeconds(600));
        assertThat(rules.giveUpAt(ACTED, null)).isEqualTo(ACTED.plusSeconds(600));

        Instant giveUpAt = ACTED.plusSeconds(60);
        assertThat(rules.nextAttempt(ACTED.plusSeconds(50), 4, giveUpAt)).hasValue(ACTED.plusSeconds(58));
        assertThat(rules.nextAttempt(ACTED.plusSeconds(58), 5, giveUpAt)).isEmpty();
    }

    @Test
    void aFirstDelayUnderOneSecondIsRefusedForARetryMustCarryALaterTimestamp() {
        assertThatThrownBy(() -> new CallbackRetryProperties(Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(10))).hasMessageContaining("first-delay must be at least 1s");
    }
}
