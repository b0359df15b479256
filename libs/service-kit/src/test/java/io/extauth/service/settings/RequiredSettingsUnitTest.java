package io.extauth.service.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.messaging.MessagingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Issue 11: every service trusted {@code file:.extauth/keys/jwt-public.pem} by default, whatever key lay there. Now a
 * service without a token key location refuses to start and says which setting to give.
 */
class RequiredSettingsUnitTest {

    private static final String KEY = "spring.security.oauth2.resourceserver.jwt.public-key-location=file:/k.pem";

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RequiredSettingsAutoConfiguration.class));

    @Test
    void withoutATokenKeyLocationAServiceDoesNotStartAndNamesTheSetting() {
        service.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("spring.security.oauth2.resourceserver.jwt.public-key-location is not set");
            FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(failure);
            assertThat(analysis.getAction()).contains("Set spring.security.oauth2.resourceserver.jwt.public-key-location",
                    "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION");
        });
    }

    @Test
    void withAKeyLocationItStarts() {
        service.withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location=file:/etc/key.pem")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aKeySetOrAnIssuersDiscoveryThatTheServicesWouldIgnoreIsRefusedAloneOrBesideTheKey() {
        for (String setting : new String[] {"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp/jwks",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp"}) {
            String name = setting.substring(0, setting.indexOf('='));
            service.withPropertyValues(setting).run(context -> {
                assertThat(context).hasFailed();
                assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(name + " is not supported");
            });
            service.withPropertyValues(setting,
                    "spring.security.oauth2.resourceserver.jwt.public-key-location=file:/etc/key.pem").run(context ->
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                            .hasMessageStartingWith(name + " is not supported"));
        }
    }

    @Test
    void withoutADatasourceUrlAServiceOnTheMessagingKitDoesNotStartAndNamesTheSetting() {
        onTheKit().withPropertyValues(KEY, "spring.kafka.bootstrap-servers=kafka:9092").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("spring.datasource.url is not set");
            assertThat(new InvalidSettingFailureAnalyzer().analyze(failure).getAction())
                    .contains("Set spring.datasource.url", "SPRING_DATASOURCE_URL");
        });
    }

    @Test
    void withoutBootstrapServersAServiceOnTheMessagingKitDoesNotStartAndNamesTheSetting() {
        onTheKit().withPropertyValues(KEY, "spring.datasource.url=jdbc:postgresql://db:5432/extauth").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("spring.kafka.bootstrap-servers is not set");
        });
    }

    @Test
    void anApplicationWithoutTheMessagingKitNeedsNeitherDatabaseNorBroker() {
        service.withPropertyValues(KEY).run(context -> assertThat(context).hasNotFailed());
    }

    /** Only the auto-configuration's bean definition matters: the check fails before any of its beans is made. */
    private WebApplicationContextRunner onTheKit() {
        return new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                RequiredSettingsAutoConfiguration.class, MessagingAutoConfiguration.class));
    }

    @Test
    void aSecretMustBeSetLongEnoughAndNeverThePublishedOne() {
        assertThatThrownBy(() -> SecretRules.require("x.secret", null)).hasMessageStartingWith("x.secret is not set");
        assertThatThrownBy(() -> SecretRules.require("x.secret", "dev-callback-secret"))
                .hasMessageContaining("published");
        assertThatThrownBy(() -> SecretRules.require("x.secret", "ä".repeat(15) + "a"))
                .hasMessageContaining("shorter than 32 bytes");
        assertThat(SecretRules.require("x.secret", "ä".repeat(16))).hasSize(16);
    }
}
