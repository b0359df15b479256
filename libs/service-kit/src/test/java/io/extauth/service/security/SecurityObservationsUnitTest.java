package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.config.observation.SecurityObservationSettings;

class SecurityObservationsUnitTest {

    @Test
    void theSecurityChainIsNotWrappedInObservationsPerFilter() {
        SecurityObservationSettings settings = new SecurityAutoConfiguration().extauthSecurityObservations();

        assertThat(settings.shouldObserveRequests()).isFalse();
        assertThat(settings.shouldObserveAuthentications()).isFalse();
        assertThat(settings.shouldObserveAuthorizations()).isFalse();
    }
}
