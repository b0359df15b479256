package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.contract.PhoneFactorMethod;
import org.junit.jupiter.api.Test;

class PhoneFactorSettingsRulesUnitTest {

    @Test
    void aMethodWithoutPinNeedsOnlyAVerifiedPrimaryPhone() {
        assertThat(PhoneFactorSettingsRules.check("ACTIVE", "PHONE_CALL_STANDARD", null, true)).isEmpty();
        assertThat(PhoneFactorSettingsRules.settings("ACTIVE", "PHONE_CALL_STANDARD", null).method())
                .isEqualTo(PhoneFactorMethod.PHONE_CALL_STANDARD);
    }

    @Test
    void everyMethodWithPinDemandsFourToEightDigits() {
        for (PhoneFactorMethod method : PhoneFactorMethod.values()) {
            if (method.needsPin()) {
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), null, true))
                        .extracting(FieldProblem::code).containsExactly("PIN_REQUIRED");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "123", true))
                        .extracting(FieldProblem::code).containsExactly("PIN_FORMAT");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "123456789", true))
                        .extracting(FieldProblem::code).containsExactly("PIN_FORMAT");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "12345678", true)).isEmpty();
            } else {
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "1234", true))
                        .extracting(FieldProblem::code).containsExactly("PIN_NOT_ALLOWED");
            }
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(PhoneFactorSettingsRules.check("SOMETIMES", "FAX", null, false)).extracting(FieldProblem::field)
                .containsExactly("status", "method", "primaryPhone");
    }

    @Test
    void thePinNeverAppearsInTheSettingsPrintout() {
        assertThat(PhoneFactorSettingsRules.settings("ACTIVE", "APP_PIN", "8642").toString()).doesNotContain("8642");
    }
}
