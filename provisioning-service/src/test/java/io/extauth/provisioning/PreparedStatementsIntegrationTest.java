package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A statement whose text parameter is null in one call and a string in the next (an order's credential id: none for
 * PhoneFactor, one for Symantec VIP) keeps one server-side prepared statement on a connection of the service's pool,
 * so PostgreSQL parses it once and plans it as it would any repeated statement (issue 14: text parameters sent
 * untyped, {@code stringtype=unspecified}, in the service kit's defaults). Sent as {@code varchar} while a null went
 * untyped, every change of the parameter's type made the driver prepare the statement again: a parse and a plan per
 * call, and the pool's connections each had a single plan left of it.
 */
class PreparedStatementsIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    DataSource dataSource;

    @Test
    void aStatementWhoseTextParameterIsNullInEveryOtherCallKeepsOneServerSidePreparedStatement() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate sameConnection = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            sameConnection.execute("CREATE TEMPORARY TABLE prepared_probe (id int, credential_id text)");
            try {
                for (int i = 0; i < 12; i++) {
                    sameConnection.update("INSERT INTO prepared_probe (id, credential_id) VALUES (?, ?)", i,
                            i % 2 == 0 ? null : "VSMT" + i);
                }
                List<Map<String, Object>> prepared = sameConnection.queryForList("""
                        SELECT name, generic_plans + custom_plans AS executions, parameter_types::text AS types
                        FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO prepared_probe%'""");

                assertThat(prepared).as("one server-side statement for the twelve calls: %s", prepared).hasSize(1);
                // the driver prepares a statement on the server from its fifth call on: eight calls ran on it
                assertThat(((Number) prepared.get(0).get("executions")).longValue())
                        .as("calls run on the one prepared statement: %s", prepared).isEqualTo(8);
                assertThat(sameConnection.queryForObject(
                        "SELECT count(*) FROM prepared_probe WHERE credential_id IS NULL", Integer.class))
                        .as("the nulls stored as nulls").isEqualTo(6);
            } finally {
                sameConnection.execute("DROP TABLE prepared_probe");
            }
        }
    }
}
