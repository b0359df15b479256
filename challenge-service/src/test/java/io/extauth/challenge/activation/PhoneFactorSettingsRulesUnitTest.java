package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.contract.PhoneFactorMethod;
import org.junit.jupiter.api.Test;

class PhoneFactorSettingsRulesUnitTest {

    @Test
    void aMethodWithoutPinNeedsOnlyAVerifiedPrimaryPhone() {
        assertThat(PhoneFactorSettingsRules.check("ACTIVE", "PHONE_CALL_STANDARD", null, true, false)).isEmpty();
        assertThat(PhoneFactorSettingsRules.settings("ACTIVE", "PHONE_CALL_STANDARD", null).method())
                .isEqualTo(PhoneFactorMethod.PHONE_CALL_STANDARD);
    }

    @Test
    void everyMethodWithPinDemandsFourToEightDigitsAndEveryOtherRefusesAPin() {
        for (PhoneFactorMethod method : PhoneFactorMethod.values()) {
            if (method.needsPin()) {
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), null, true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_REQUIRED");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "", true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_REQUIRED");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "123", true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_FORMAT");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "147258369", true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_FORMAT");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "1234", true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_TRIVIAL");
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "14725836", true, false)).isEmpty();
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "2580", true, false)).isEmpty();
            } else {
                assertThat(PhoneFactorSettingsRules.check("ACTIVE", method.name(), "2580", true, false))
                        .extracting(FieldProblem::code).containsExactly("PIN_NOT_ALLOWED");
                assertThat(PhoneFactorSettingsRules.settings("ACTIVE", method.name(), null).pin()).isNull();
            }
        }
    }

    @Test
    void aPinMethodMayKeepThePinOnFileButNotAfterAReset() {
        assertThat(PhoneFactorSettingsRules.check("INACTIVE", "APP_PIN", null, true, true)).isEmpty();
        assertThat(PhoneFactorSettingsRules.settings("INACTIVE", "APP_PIN", null).pin()).isNull();
        assertThat(PhoneFactorSettingsRules.check("ACTIVE", "APP_PIN", null, true, false))
                .extracting(FieldProblem::code).containsExactly("PIN_REQUIRED");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(PhoneFactorSettingsRules.check("SOMETIMES", "FAX", null, false, false))
                .extracting(FieldProblem::field).containsExactly("status", "method", "primaryPhone");
    }

    @Test
    void thePinNeverAppearsInTheSettingsPrintout() {
        assertThat(PhoneFactorSettingsRules.settings("ACTIVE", "APP_PIN", "8642").toString()).doesNotContain("8642");
    }
}
