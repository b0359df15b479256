package io.extauth.simulator.vip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.extauth.testclock.MutableClock;
import org.junit.jupiter.api.Test;

class VipTokensUnitTest {

    private static final String CREDENTIAL = "VSST12345678";

    /** 10 s into a step, so one step of drift is exactly 30 s away. */
    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2025-01-01T00:00:10Z"));
    private final VipTokens tokens = new VipTokens("test-seed", clock);

    @Test
    void theTokenShowsSixDigitsValidUntilTheEndOfTheThirtySecondStep() {
        CurrentCode shown = tokens.currentCode(CREDENTIAL);

        assertThat(shown.code()).matches("\\d{6}");
        assertThat(shown.validForSeconds()).isEqualTo(20);
        assertThat(shown.credentialId()).isEqualTo(CREDENTIAL);
    }

    @Test
    void theCodeChangesWithTheNextStepAndDiffersPerCredential() {
        String now = tokens.currentCode(CREDENTIAL).code();

        assertThat(tokens.currentCode("VSST87654321").code()).isNotEqualTo(now);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tokens.currentCode(CREDENTIAL).code()).isNotEqualTo(now);
    }

    @Test
    void aRestartedSimulatorWithTheSameSeedShowsTheSameCodesAndAnotherSeedDoesNot() {
        String shown = tokens.currentCode(CREDENTIAL).code();

        assertThat(new VipTokens("test-seed", clock).currentCode(CREDENTIAL).code()).isEqualTo(shown);
        assertThat(new VipTokens("other-seed", clock).currentCode(CREDENTIAL).code()).isNotEqualTo(shown);
    }

    @Test
    void theCurrentCodeIsAcceptedOnceAndThenRefusedAsAlreadyUsed() {
        String code = tokens.currentCode(CREDENTIAL).code();

        assertThat(tokens.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.ACCEPTED);
        assertThat(tokens.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.CODE_ALREADY_USED);
    }

    @Test
    void aCodeStaysUsedAfterItsStepHasPassedWhileItIsStillWithinDrift() {
        String code = tokens.currentCode(CREDENTIAL).code();
        tokens.validate(CREDENTIAL, code);

        clock.advance(Duration.ofSeconds(30));

        assertThat(tokens.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.CODE_ALREADY_USED);
    }

    @Test
    void theCodeOfThePreviousStepIsAcceptedWithinOneStepOfDrift() {
        String previous = tokens.currentCode(CREDENTIAL).code();

        clock.advance(Duration.ofSeconds(30));

        assertThat(tokens.validate(CREDENTIAL, previous)).isEqualTo(CodeCheck.ACCEPTED);
    }

    @Test
    void theCodeOfTheNextStepIsAcceptedWithinOneStepOfDrift() {
        clock.advance(Duration.ofSeconds(30));
        String next = tokens.currentCode(CREDENTIAL).code();

        clock.advance(Duration.ofSeconds(-30));

        assertThat(tokens.validate(CREDENTIAL, next)).isEqualTo(CodeCheck.ACCEPTED);
    }

    @Test
    void aCodeTwoStepsOldIsWrong() {
        String old = tokens.currentCode(CREDENTIAL).code();

        clock.advance(Duration.ofSeconds(60));

        assertThat(tokens.validate(CREDENTIAL, old)).isEqualTo(CodeCheck.WRONG_CODE);
    }

    @Test
    void anotherCredentialsCodeOrGarbageIsWrong() {
        String othersCode = tokens.currentCode("VSST87654321").code();

        assertThat(tokens.validate(CREDENTIAL, othersCode)).isEqualTo(CodeCheck.WRONG_CODE);
        assertThat(tokens.validate(CREDENTIAL, "12ab")).isEqualTo(CodeCheck.WRONG_CODE);
        assertThat(tokens.validate(CREDENTIAL, "")).isEqualTo(CodeCheck.WRONG_CODE);
    }

    @Test
    void usingACodeOfOneCredentialDoesNotUseUpTheSameStepOfAnother() {
        tokens.validate(CREDENTIAL, tokens.currentCode(CREDENTIAL).code());

        assertThat(tokens.validate("VSST87654321", tokens.currentCode("VSST87654321").code()))
                .isEqualTo(CodeCheck.ACCEPTED);
    }

    @Test
    void forgettingUsedCodesAcceptsACodeAgain() {
        String code = tokens.currentCode(CREDENTIAL).code();
        tokens.validate(CREDENTIAL, code);

        tokens.forgetUsedCodes();

        assertThat(tokens.validate(CREDENTIAL, code)).isEqualTo(CodeCheck.ACCEPTED);
    }

    @Test
    void credentialIdsAreFourCapitalLettersAndEightDigits() {
        assertThat(CredentialIds.isWellFormed("VSST12345678")).isTrue();
        assertThat(CredentialIds.isWellFormed("vsst12345678")).isFalse();
        assertThat(CredentialIds.isWellFormed("VSST1234567")).isFalse();
        assertThat(CredentialIds.isWellFormed("VSST123456789")).isFalse();
        assertThat(CredentialIds.isWellFormed("VST123456789")).isFalse();
    }

    @Test
    void theNextCodeIsWhatTheTokenShowsInThirtySecondsAndIsAcceptedNowAsDrift() {
        String next = tokens.nextCode(CREDENTIAL).code();
        String current = tokens.currentCode(CREDENTIAL).code();

        assertThat(tokens.validate(CREDENTIAL, current)).isEqualTo(CodeCheck.ACCEPTED);
        assertThat(tokens.validate(CREDENTIAL, next)).isEqualTo(CodeCheck.ACCEPTED);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tokens.currentCode(CREDENTIAL).code()).isEqualTo(next);
    }
}
