package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.order.OrderServiceIntegrationTestBase;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V5 (one live order per credential) on a database of before it, in a schema of its own: live orders that already
 * share a credential, which it cannot sort out, stop it with the credential and what to do, and nothing changes; a
 * credential shared only with ended orders is no obstacle.
 */
class OneLiveOrderPerCredentialMigrationIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema)
                .locations("classpath:db/messaging", "classpath:db/order-service").target(target).load();
    }

    private void order(String schema, String user, String credentialId, String status) {
        jdbc.update("INSERT INTO " + schema + ".orders (order_id, channel, account_id, user_id, email, type,"
                + " credential_id, status, created_at, updated_at) VALUES (?, 'BILLING', ?, ?, ?, 'SYMANTEC_VIP', ?, ?,"
                + " now(), now())", newOrderId(), ACCOUNT, user, user + "@example.com", credentialId, status);
    }

    private boolean hasTheIndex(String schema) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = ?"
                + " AND indexname = 'orders_one_live_per_credential')", Boolean.class, schema));
    }

    private static String newSchema() {
        return "v5_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void liveOrdersOfTwoUsersThatAlreadyShareACredentialStopItNamingTheCredentialAndWhatToDo() {
        String schema = newSchema();
        try {
            flyway(schema, "4").migrate();
            order(schema, newUser(), "SHAR00000001", "ACTIVE");
            order(schema, newUser(), "SHAR00000001", "ACCEPTED");

            assertThatThrownBy(() -> flyway(schema, "5").migrate())
                    .hasMessageContaining("Credential SHAR00000001 is on more than one live order")
                    .hasMessageContaining("ask VIP which, deactivate the other users");
            assertThat(hasTheIndex(schema)).isFalse();
        } finally {
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aCredentialSharedOnlyWithEndedOrdersMigratesAndIsThenOnOneLiveOrderAtMost() {
        String schema = newSchema();
        try {
            flyway(schema, "4").migrate();
            order(schema, newUser(), "SHAR00000002", "ACTIVE");
            order(schema, newUser(), "SHAR00000002", "CANCELLED");
            order(schema, newUser(), "SHAR00000002", "DEACTIVATED");

            flyway(schema, "5").migrate();

            assertThat(hasTheIndex(schema)).isTrue();
            assertThatThrownBy(() -> order(schema, newUser(), "SHAR00000002", "ACCEPTED"))
                    .isInstanceOf(DuplicateKeyException.class);
        } finally {
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
