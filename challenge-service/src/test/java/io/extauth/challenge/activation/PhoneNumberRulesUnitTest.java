package io.extauth.challenge.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    private static final Set<PhoneNumberType> REFUSED = EnumSet.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.UAN, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER,
            PhoneNumberType.VOICEMAIL);

    @ParameterizedTest(name = "+{0} {1} is a {2} number and is refused")
    @CsvSource({"44, 9098790000, premium rate", "1, 9005550100, premium rate", "33, 892123456, premium rate",
            "44, 7012345678, personal number", "44, 5512345678, uan"})
    void numbersThatCostMoneyOrReachAServiceAreRefused(String countryCode, String number, String type) {
        Optional<PhoneNumberRules.Refused> refused = PhoneNumberRules.refusal(valid(countryCode, number), REFUSED,
                List.of(), Set.of());

        assertThat(refused).get().extracting(r -> r.problem().code()).isEqualTo("HIGH_RISK_NUMBER");
        assertThat(refused.get().problem().message()).contains(type);
    }

    @ParameterizedTest(name = "+{0} {1} is a shared-cost number and is refused")
    @CsvSource({"33, 884012345", "34, 901123456", "43, 810123456"})
    void sharedCostNumbersAreRefused(String countryCode, String number) {
        assertThat(PhoneNumberRules.refusal(valid(countryCode, number), REFUSED, List.of(), Set.of())).get()
                .extracting(r -> r.problem().message()).asString().contains("shared cost");
    }

    @ParameterizedTest(name = "+{0} {1} may be called")
    @CsvSource({"1, 2015550147", "44, 2079460958", "44, 7400123456", "49, 15123456789", "1, 8005550100"})
    void landlineMobileAndTollFreeNumbersMayBeCalled(String countryCode, String number) {
        assertThat(PhoneNumberRules.refusal(valid(countryCode, number), REFUSED, List.of(), Set.of())).isEmpty();
    }

    @Test
    void aNumberNoPlanAssignsIsRefusedUnlessATestPrefixAllowsIt() {
        PhoneNumberRules.Valid unassigned = valid("1", "5551234567");

        assertThat(PhoneNumberRules.refusal(unassigned, REFUSED, List.of(), Set.of())).get()
                .extracting(r -> r.problem().code()).isEqualTo("UNASSIGNED_NUMBER");
        assertThat(PhoneNumberRules.refusal(unassigned, REFUSED, List.of("+1555"), Set.of())).isEmpty();
        assertThat(PhoneNumberRules.refusal(valid("44", "9098790000"), REFUSED, List.of("+44"), Set.of())).as("a test prefix "
                + "never lets a premium-rate number through").isPresent();
    }

    @Test
    void withAllowedRegionsNamedOnlyTheirNumbersMayBeCalled() {
        Set<String> allowed = Set.of("US", "GB");

        assertThat(PhoneNumberRules.refusal(valid("1", "2015550147"), REFUSED, List.of(), allowed)).isEmpty();
        assertThat(PhoneNumberRules.refusal(valid("44", "7400123456"), REFUSED, List.of(), allowed)).isEmpty();
        Optional<PhoneNumberRules.Refused> german = PhoneNumberRules.refusal(valid("49", "15123456789"), REFUSED,
                List.of(), allowed);
        assertThat(german).get().extracting(PhoneNumberRules.Refused::risk)
                .isEqualTo(PhoneNumberRules.Risk.REGION_NOT_ALLOWED);
        assertThat(german.get().problem().code()).isEqualTo("REGION_NOT_ALLOWED");
        assertThat(german.get().problem().message()).isEqualTo("Numbers of DE cannot be verified here. Use a number "
                + "of GB, US.");
        assertThat(PhoneNumberRules.refusal(valid("1", "4165550123"), REFUSED, List.of(), allowed)).as("Canada shares "
                + "the US calling code, not its region").get().extracting(r -> r.problem().code())
                .isEqualTo("REGION_NOT_ALLOWED");
        assertThat(PhoneNumberRules.refusal(valid("1", "5551234567"), REFUSED, List.of("+1555"), allowed))
                .as("a test prefix's number has no region").isEmpty();
        assertThat(PhoneNumberRules.refusal(valid("44", "9098790000"), REFUSED, List.of(), Set.of("GB")))
                .as("an allowed region's premium-rate number is still refused").get()
                .extracting(r -> r.problem().code()).isEqualTo("HIGH_RISK_NUMBER");
    }

    private static PhoneNumberRules.Valid valid(String countryCode, String number) {
        return (PhoneNumberRules.Valid) PhoneNumberRules.normalise(countryCode, number, null);
    }
}
