package io.extauth.service.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The relay's ack timeout is refused at start unless it is at most half the database's
 * idle_in_transaction_session_timeout, as the service's sessions see it; a database with no such bound takes any.
 */
class RelayAckTimeoutCheckIntegrationTest {

    @Test
    void anAckTimeoutOverHalfTheDatabasesIdleBoundIsRefusedNamingBoth() {
        JdbcTemplate shipped = sessionsWithIdleBound("60s"); // the PostgreSQL extauth ships

        assertThatCode(new RelayAckTimeoutCheck(shipped, Duration.ofSeconds(5))::afterPropertiesSet)
                .as("the default").doesNotThrowAnyException();
        assertThatCode(new RelayAckTimeoutCheck(shipped, Duration.ofSeconds(30))::afterPropertiesSet)
                .doesNotThrowAnyException();
        assertThatThrownBy(new RelayAckTimeoutCheck(shipped, Duration.ofSeconds(31))::afterPropertiesSet)
                .isInstanceOfSatisfying(InvalidSettingException.class, refused ->
                        assertThat(refused.property()).isEqualTo("extauth.messaging.relay-ack-timeout"))
                .hasMessageContaining("is 31s")
                .hasMessageContaining("idle_in_transaction_session_timeout (60s)")
                .hasMessageContaining("at most half of it (30s");
        assertThatThrownBy(new RelayAckTimeoutCheck(shipped, Duration.ofSeconds(60))::afterPropertiesSet)
                .isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void aDatabaseWithoutAnIdleBoundTakesAnyAckTimeout() {
        assertThatCode(new RelayAckTimeoutCheck(sessionsWithIdleBound("0"), Duration.ofMinutes(5))::afterPropertiesSet)
                .doesNotThrowAnyException();
    }

    @Test
    void aDatabaseThatCannotBeAskedLeavesItUnchecked() {
        JdbcTemplate nowhere = new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"));

        assertThatCode(new RelayAckTimeoutCheck(nowhere, Duration.ofMinutes(5))::afterPropertiesSet)
                .doesNotThrowAnyException();
    }

    @Test
    void halfTheBoundAtMost() {
        assertThat(RelayAckTimeoutCheck.problem(Duration.ofMillis(30_000), Duration.ofMinutes(1))).isEmpty();
        assertThat(RelayAckTimeoutCheck.problem(Duration.ofMillis(30_001), Duration.ofMinutes(1))).isPresent();
        assertThat(RelayAckTimeoutCheck.problem(Duration.ofHours(1), Duration.ZERO)).as("no bound").isEmpty();
    }

    /** Sessions on the embedded PostgreSQL whose idle_in_transaction_session_timeout is {@code value}. */
    private static JdbcTemplate sessionsWithIdleBound(String value) {
        DriverManagerDataSource sessions = new DriverManagerDataSource(EmbeddedPostgresDefault.shared()
                .getJdbcUrl("postgres", "postgres") + "&options=-c%20idle_in_transaction_session_timeout%3D" + value);
        sessions.setPassword("postgres");
        return new JdbcTemplate(sessions);
    }
}
