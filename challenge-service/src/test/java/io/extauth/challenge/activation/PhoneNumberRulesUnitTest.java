package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import org.junit.jupiter.api.Test;

class PhoneNumberRulesUnitTest {

    @Test
    void aNationalNumberWithPunctuationBecomesE164() {
        PhoneNumberRules.Result result = PhoneNumberRules.normalise("+1", "(555) 123-4567", null);

        assertThat(result).isEqualTo(new PhoneNumberRules.Valid("+15551234567", "1", null));
    }

    @Test
    void anExtensionIsKeptApart() {
        PhoneNumberRules.Valid valid = (PhoneNumberRules.Valid) PhoneNumberRules.normalise("44", "20 7946 0958", "12");

        assertThat(valid.e164()).isEqualTo("+442079460958");
        assertThat(valid.extension()).isEqualTo("12");
    }

    @Test
    void everyProblemIsNamedWithItsField() {
        PhoneNumberRules.Invalid invalid = (PhoneNumberRules.Invalid) PhoneNumberRules.normalise("999", "abc", "x1");

        assertThat(invalid.problems()).extracting(FieldProblem::field)
                .containsExactly("countryCode", "number", "extension");
    }

    @Test
    void aNumberOfTheWrongLengthIsRefused() {
        PhoneNumberRules.Invalid invalid = (PhoneNumberRules.Invalid) PhoneNumberRules.normalise("1", "55512", null);

        assertThat(invalid.problems()).extracting(FieldProblem::code).containsExactly("WRONG_LENGTH");
    }

    @Test
    void theNumberNeverAppearsInTheResultsPrintout() {
        assertThat(PhoneNumberRules.normalise("1", "5551234567", null).toString()).doesNotContain("555123");
    }
}
