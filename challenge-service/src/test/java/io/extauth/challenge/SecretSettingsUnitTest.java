package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.factor.adapter.PinProperties;
import io.extauth.challenge.telephony.adapter.TelephonyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 11, finding 2: challenge-service started with the published callback secret. Without a usable callback secret
 * or PIN pepper it now refuses to start and names the setting. (The runner applies no environment post-processors, so
 * the test classpath's random secrets are not there.)
 */
class SecretSettingsUnitTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues("extauth.vendors.phonefactor.base-url=http://phonefactor.example");

    @EnableConfigurationProperties({TelephonyProperties.class, PinProperties.class})
    static class Settings {
    }

    @Test
    void withoutACallbackSecretTheServiceDoesNotStartAndSaysWhichSettingToGive() {
        service.withPropertyValues("extauth.pin.pepper=" + SECRET).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageStartingWith("extauth.vendors.phonefactor.callback-secret is not set"));
    }

    @Test
    void theOncePublishedDevCallbackSecretIsRefused() {
        service.withPropertyValues("extauth.pin.pepper=" + SECRET,
                "extauth.vendors.phonefactor.callback-secret=dev-callback-secret").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("extauth.vendors.phonefactor.callback-secret is a value "
                        + "published"));
    }

    @Test
    void aCallbackSecretShorterThan32BytesIsRefused() {
        service.withPropertyValues("extauth.pin.pepper=" + SECRET,
                "extauth.vendors.phonefactor.callback-secret=" + SECRET.substring(1)).run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("extauth.vendors.phonefactor.callback-secret is shorter than 32"));
    }

    @Test
    void withoutAPinPepperTheServiceDoesNotStartAndSaysWhichSettingToGive() {
        service.withPropertyValues("extauth.vendors.phonefactor.callback-secret=" + SECRET).run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageStartingWith("extauth.pin.pepper is not set"));
    }

    @Test
    void withBothSecretsOf32BytesItStarts() {
        service.withPropertyValues("extauth.vendors.phonefactor.callback-secret=" + SECRET, "extauth.pin.pepper=" + SECRET)
                .run(context -> assertThat(context).hasNotFailed());
    }
}
