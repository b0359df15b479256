package io.extauth.simulator.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersUnitTest {

    @Test
    void aNumberWithoutExtensionMatchesTheNumberWithAnyExtension() {
        assertThat(PhoneNumbers.matches("+15551234567", "+15551234567")).isTrue();
        assertThat(PhoneNumbers.matches("+15551234567", "+15551234567;ext=123")).isTrue();
        assertThat(PhoneNumbers.matches("+15551234567", "+15559999999")).isFalse();
    }

    @Test
    void aNumberWithExtensionMatchesOnlyThatExtension() {
        assertThat(PhoneNumbers.matches("+15551234567;ext=123", "+15551234567;ext=123")).isTrue();
        assertThat(PhoneNumbers.matches("+15551234567;ext=123", "+15551234567;ext=124")).isFalse();
        assertThat(PhoneNumbers.matches("+15551234567;ext=123", "+15551234567")).isFalse();
    }

    @Test
    void anUnencodedPlusThatArrivedAsASpaceStillMatches() {
        assertThat(PhoneNumbers.matches(" 15551234567", "+15551234567")).isTrue();
    }

    @Test
    void everyNumberAQueryMatchesIsOnTheQuerysLineSoTheStoresCanListALineFromItsIndex() {
        assertThat(PhoneNumbers.line("+15551234567;ext=123")).isEqualTo("+15551234567");
        assertThat(PhoneNumbers.line(" 15551234567")).isEqualTo("+15551234567");
        for (String query : new String[] {"+15551234567", "+15551234567;ext=123", " 15551234567"}) {
            for (String to : new String[] {"+15551234567", "+15551234567;ext=123", "+15551234567;ext=124"}) {
                if (PhoneNumbers.matches(query, to)) {
                    assertThat(PhoneNumbers.line(to)).as(query + " matches " + to).isEqualTo(PhoneNumbers.line(query));
                }
            }
        }
    }
}
