package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PinRulesUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"0000", "777777", "99999999", "1111"})
    void aPinOfOneRepeatedDigitIsRefusedAsTrivial(String pin) {
        assertThat(PinRules.problemWith(pin)).get().extracting(FieldProblem::code).isEqualTo("PIN_TRIVIAL");
        assertThat(PinRules.problemWith(pin).orElseThrow().message()).contains("repeats one digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "0123", "98765", "3210", "23456789", "87654321"})
    void aStraightRunUpOrDownIsRefusedAsTrivial(String pin) {
        assertThat(PinRules.problemWith(pin)).get().extracting(FieldProblem::code).isEqualTo("PIN_TRIVIAL");
        assertThat(PinRules.problemWith(pin).orElseThrow().message()).contains("straight run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2580", "4711", "8901", "1235", "1122", "13579", "97531246", "1243"})
    void aPinThatIsNeitherRepeatedNorARunIsAccepted(String pin) {
        assertThat(PinRules.problemWith(pin)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123", "147", "123456789", "12a4", "12 34", "٤٧١١", "+4711"})
    void aPinIsFourToEightAsciiDigitsAndNothingElse(String pin) {
        assertThat(PinRules.problemWith(pin)).get().extracting(FieldProblem::code).isEqualTo("PIN_FORMAT");
    }

    @Test
    void noMessageRepeatsThePin() {
        for (String pin : new String[] {"4444", "56789", "4321", "12"}) {
            assertThat(PinRules.problemWith(pin).orElseThrow().message()).doesNotContain(pin);
        }
    }
}
