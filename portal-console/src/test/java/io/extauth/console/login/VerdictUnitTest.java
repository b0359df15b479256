package io.extauth.console.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictUnitTest {

    @Test
    void aChallengeTheVendorCouldNotDeliverTellsThePersonItWasNoFailedAttemptAndToTryAgain() {
        Verdict verdict = Verdict.of("NOT_DELIVERED", null);

        assertThat(verdict.tone()).isEqualTo("warn");
        assertThat(verdict.headline()).isEqualTo("We could not reach your phone");
        assertThat(verdict.detail()).contains("does not count as an unsuccessful attempt").contains("try again");
    }

    @Test
    void aChallengeWithdrawnBecauseTheSettingsChangedTellsThePersonItWasNoFailedAttempt() {
        Verdict verdict = Verdict.of("WITHDRAWN", null);

        assertThat(verdict.tone()).isEqualTo("warn");
        assertThat(verdict.headline()).isEqualTo("This sign-in was withdrawn");
        assertThat(verdict.detail()).contains("does not count as an unsuccessful attempt").contains("sign in again");
    }

    @Test
    void anUnansweredChallengeIsStillAnUnsuccessfulAttempt() {
        assertThat(Verdict.of("EXPIRED", null).detail()).contains("no answer in time")
                .contains("unsuccessful attempts in a row");
    }
}
