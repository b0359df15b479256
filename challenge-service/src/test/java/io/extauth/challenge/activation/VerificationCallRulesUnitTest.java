package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationCallRulesUnitTest {

    @Test
    void onlyACallAnsweredWithTheHashKeySavesThePhone() {
        VerificationCallRules.Outcome outcome = VerificationCallRules.outcome("ANSWERED", "#");

        assertThat(outcome.confirmed()).isTrue();
        assertThat(outcome.countsAsFailure()).isFalse();
    }

    @ParameterizedTest(name = "{0} with keys [{1}] is the user's failed verification: {2}")
    @CsvSource(nullValues = "null", value = {
            "ANSWERED, 1, answered but # was not pressed",
            "ANSWERED, null, answered but # was not pressed",
            "ANSWERED, '#1', answered but # was not pressed",
            "NO_ANSWER, null, not answered",
            "BUSY, '#', not answered"})
    void aCallNotAnsweredWithTheHashKeyIsAFailedVerificationOfTheUsers(String status, String keys, String reason) {
        VerificationCallRules.Outcome outcome = VerificationCallRules.outcome(status, keys);

        assertThat(outcome.confirmed()).isFalse();
        assertThat(outcome.countsAsFailure()).isTrue();
        assertThat(outcome.reason()).contains(reason);
    }

    @Test
    void aCallTheVendorLostIsNoFailureOfTheUsers() {
        VerificationCallRules.Outcome outcome = VerificationCallRules.outcome("FAILED", "#");

        assertThat(outcome.confirmed()).isFalse();
        assertThat(outcome.countsAsFailure()).isFalse();
        assertThat(outcome.reason()).contains("lost the call").contains("verify again");
    }
}
