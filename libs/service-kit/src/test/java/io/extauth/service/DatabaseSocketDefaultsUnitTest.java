package io.extauth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.service.settings.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How long a service waits for PostgreSQL: every service's driver gives a connection up after 60 s without an answer
 * and keeps TCP keepalives on; an operator's {@code EXTAUTH_DATABASE_SOCKETTIMEOUT}, or the driver's property itself,
 * wins.
 */
class DatabaseSocketDefaultsUnitTest {

    private static final String DRIVER = "spring.datasource.hikari.data-source-properties.";

    @Test
    void everyServiceGivesUpOnASilentDatabaseAfterAMinuteAndKeepsItsConnectionsAlive() {
        StandardEnvironment environment = servicesEnvironment(Map.of(), Map.of());

        assertThat(environment.getProperty(DRIVER + "socketTimeout")).isEqualTo("60");
        assertThat(environment.getProperty(DRIVER + "tcpKeepAlive")).isEqualTo("true");
    }

    @Test
    void anOperatorsBoundWinsAsADurationInWholeSecondsAndZeroMeansNone() {
        assertThat(socketTimeoutWith("EXTAUTH_DATABASE_SOCKETTIMEOUT", "5m")).isEqualTo("300");
        assertThat(socketTimeoutWith("EXTAUTH_DATABASE_SOCKETTIMEOUT", "90")).as("seconds").isEqualTo("90");
        assertThat(socketTimeoutWith("EXTAUTH_DATABASE_SOCKETTIMEOUT", "1500ms")).as("rounded up").isEqualTo("2");
        assertThat(socketTimeoutWith("EXTAUTH_DATABASE_SOCKETTIMEOUT", "0")).as("no bound").isEqualTo("0");
    }

    @Test
    void anOperatorsOwnDriverPropertiesWin() {
        StandardEnvironment environment = servicesEnvironment(Map.of(),
                Map.of(DRIVER + "socketTimeout", "7", DRIVER + "tcpKeepAlive", "false"));

        assertThat(environment.getProperty(DRIVER + "socketTimeout")).isEqualTo("7");
        assertThat(environment.getProperty(DRIVER + "tcpKeepAlive")).isEqualTo("false");
    }

    @Test
    void aBoundThatIsNoDurationStopsTheStartAndNamesTheSetting() {
        assertThatThrownBy(() -> servicesEnvironment(Map.of("EXTAUTH_DATABASE_SOCKETTIMEOUT", "soon"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("extauth.database.socket-timeout is not a duration: 'soon'");
        assertThatThrownBy(() -> servicesEnvironment(Map.of("EXTAUTH_DATABASE_SOCKETTIMEOUT", "-5s"), Map.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("negative");
    }

    private static String socketTimeoutWith(String variable, String value) {
        return servicesEnvironment(Map.of(variable, value), Map.of()).getProperty(DRIVER + "socketTimeout");
    }

    /** The environment after the service defaults, with these environment variables and application properties. */
    private static StandardEnvironment servicesEnvironment(Map<String, Object> variables, Map<String, Object> own) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        environment.getPropertySources().addLast(new MapPropertySource("service.properties", own));
        ConfigurationPropertySources.attach(environment);
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
