package io.extauth.service.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operator reads when a secret is missing: the setting and the environment variable, before Spring's own. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingReportUnitTest {

    @ConfigurationProperties("example")
    record ExampleProperties(String secret) {

        ExampleProperties {
            secret = SecretRules.require("example.secret", secret);
        }
    }

    @EnableConfigurationProperties(ExampleProperties.class)
    static class ExampleApplication {
    }

    @Test
    void aServiceWithoutItsSecretReportsTheSettingToGiveWhenItFailsToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(ExampleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off"));

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START",
                "The setting example.secret is not set", "Set example.secret (or the environment variable "
                        + "EXAMPLE_SECRET).");
    }
}
