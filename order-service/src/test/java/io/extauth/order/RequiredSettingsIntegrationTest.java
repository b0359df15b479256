package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.service.settings.InvalidSettingException;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.NestedExceptionUtils;

/**
 * Issue 12: a service jar started without a datasource quietly started an embedded PostgreSQL and reported ready.
 * Now it refuses to start and names the setting (the test classpath's embedded default is switched off here, as it
 * is absent from a service jar).
 */
class RequiredSettingsIntegrationTest {

    @Test
    void theServiceStartedWithoutADatasourceUrlRefusesToStartAndNamesIt() {
        assertThatThrownBy(() -> SpringApplication.run(OrderServiceApplication.class, "--server.port=0",
                "--extauth.embedded-postgres.enabled=false", "--spring.kafka.bootstrap-servers=127.0.0.1:9"))
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(InvalidSettingException.class)
                        .hasMessageStartingWith("spring.datasource.url is not set"));
    }

    @Test
    void theServiceWhoseRelayWouldWaitIdleInATransactionPastTheDatabasesBoundRefusesToStartAndNamesBoth() {
        // the PostgreSQL extauth ships ends a session idle in a transaction for 60 s
        String shipped = EmbeddedPostgresDefault.shared().getJdbcUrl("postgres", "postgres")
                + "&options=-c%20idle_in_transaction_session_timeout%3D60s";

        assertThatThrownBy(() -> SpringApplication.run(OrderServiceApplication.class, "--server.port=0",
                "--spring.datasource.url=" + shipped, "--spring.datasource.password=postgres",
                "--spring.kafka.bootstrap-servers=127.0.0.1:9", "--extauth.messaging.relay-ack-timeout=45s"))
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(InvalidSettingException.class)
                        .hasMessageStartingWith("extauth.messaging.relay-ack-timeout is 45s")
                        .hasMessageContaining("idle_in_transaction_session_timeout (60s)"));
    }
}
