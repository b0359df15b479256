package io.extauth.challenge.contact.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactLimitPropertiesUnitTest {

    @Test
    void allowedRegionsAreReadAsLibphonenumberWritesThem() {
        ContactLimitProperties.Phones phones = new ContactLimitProperties.Phones(Set.of(), List.of(),
                Set.of(" gb", "Us ", ""));

        assertThat(phones.allowedRegions()).containsExactlyInAnyOrder("GB", "US");
    }

    @Test
    void aRegionCodeLibphonenumberDoesNotKnowStopsTheStartInsteadOfRefusingACountryInSilence() {
        assertThatThrownBy(() -> new ContactLimitProperties.Phones(Set.of(), List.of(), Set.of("UK", "EL", "DE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[EL, UK]").hasMessageContaining("e.g. GB, not UK");
    }
}
