package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VipStepsUnitTest {

    @Test
    void aCredentialAnswersWithTheCurrentCodeThenTheNextThenWaitsForTheNextStep() {
        assertThat(VipSteps.use(9, 10)).isEqualTo(VipSteps.Use.CURRENT);
        assertThat(VipSteps.use(10, 10)).isEqualTo(VipSteps.Use.NEXT);
        assertThat(VipSteps.use(11, 10)).isEqualTo(VipSteps.Use.WAIT);
        assertThat(VipSteps.use(11, 11)).isEqualTo(VipSteps.Use.NEXT);
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertThat(VipSteps.stepAt(59_999)).isEqualTo(1);
        assertThat(VipSteps.stepAt(60_000)).isEqualTo(2);
        assertThat(VipSteps.millisUntil(2, 59_000)).isEqualTo(1_000);
        assertThat(VipSteps.millisUntil(1, 59_000)).isZero();
    }

    @Test
    void credentialIdsAndPhonesOfARunHaveTheContractsShape() {
        RunIds ids = new RunIds("abcd1", "ABCD", 7);

        assertThat(ids.nextCredential()).isEqualTo("ABCD00000001").matches("[A-Z]{4}\\d{8}");
        assertThat(ids.nextCredential()).isEqualTo("ABCD00000002");
        assertThat(ids.phone(42)).isEqualTo("5550700042");
        assertThat(ids.user("r", 3)).isEqualTo("bench-abcd1-r3").matches("[A-Za-z0-9._-]{1,64}");
    }
}
