package io.extauth.challenge.contact.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ContactLimitPropertiesUnitTest {

    @Test
    void aRaisedBoundPerDeskOrPerAccountIsNotCutBackByTheLineWideBoundsDefault() {
        // as an operator set them before the line-wide bounds existed: per-number and per-destination-all-accounts
        // unset
        ContactLimitProperties raised = bind(Map.of("extauth.contacts.challenges.per-destination", "50",
                "extauth.contacts.verifications.per-destination", "20"));
        ContactLimitProperties defaults = bind(Map.of());

        assertThat(raised.challengesPerNumber().max()).isEqualTo(50);
        assertThat(raised.verificationsPerDestinationAllAccounts().max()).isEqualTo(20);
        assertThat(defaults.challengesPerNumber().max()).isEqualTo(30);
        assertThat(defaults.verificationsPerDestinationAllAccounts().max()).isEqualTo(15);
        assertThat(bind(Map.of("extauth.contacts.challenges.per-number", "200")).challengesPerNumber().max())
                .isEqualTo(200);
    }

    private static ContactLimitProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("extauth.contacts",
                ContactLimitProperties.class);
    }

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
