package io.extauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingUnitTest {

    @Test
    void aPhoneShowsItsCountryCodeAndOnlyItsLastFourDigits() {
        assertThat(Masking.phone("1", "+15551231234")).isEqualTo("+1 ***-***-1234");
        assertThat(Masking.phone("44", "+44 20 7946-0958")).as("what is not a digit is skipped")
                .isEqualTo("+44 ***-***-0958");
        assertThat(Masking.phone("1", "+1-2-3")).as("fewer than four digits: those there are")
                .isEqualTo("+1 ***-***-123");
        assertThat(Masking.phone("1", "")).isEqualTo("+1 ***-***-");
        assertThat(Masking.phone("49", "+49 (0) 151 ١٢٣٤ 5678x")).as("ASCII digits only, as \\D meant")
                .isEqualTo("+49 ***-***-5678");
    }

    @Test
    void anEmailShowsItsFirstLetterAndItsDomain() {
        assertThat(Masking.email("jane@example.com")).isEqualTo("j***@example.com");
        assertThat(Masking.email("@example.com")).isEqualTo("***");
        assertThat(Masking.email("nobody")).isEqualTo("***");
    }
}
