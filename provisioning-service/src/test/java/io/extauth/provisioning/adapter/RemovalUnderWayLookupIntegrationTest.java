package io.extauth.provisioning.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.provisioning.ProvisioningIntegrationTestBase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The worker looks for a removal of the credential under way before each attempt of a Symantec order: a lookup by
 * credential across all users, which finds the few rows being removed through a partial index (V5) instead of reading
 * the table. The driver prepares a repeated statement on the server, and PostgreSQL may then plan it once for any
 * parameters (a generic plan): the index must serve that plan too.
 */
class RemovalUnderWayLookupIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    DataSource dataSource;

    @Test
    void theLookupOfARemovalUnderWayTakesThePartialIndexOfRemovalsInAGenericPlan() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate sameConnection = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            // a generic plan, and one that reads the table only when nothing else can serve the statement
            sameConnection.execute("SET plan_cache_mode = force_generic_plan");
            sameConnection.execute("SET enable_seqscan = off");
            List<String> plan;
            try {
                sameConnection.execute("PREPARE removal_under_way (text, text, text, text) AS "
                        + numbered(ProvisioningRecords.REMOVAL_UNDER_WAY));
                plan = sameConnection.queryForList(
                        "EXPLAIN EXECUTE removal_under_way ('1234', 'user-1', 'VSST12345678', 'o-1')", String.class);
                sameConnection.execute("DEALLOCATE removal_under_way"); // only it: the driver's own stay prepared
            } finally {
                // the connection goes back to the service's pool
                sameConnection.execute("RESET plan_cache_mode");
                sameConnection.execute("RESET enable_seqscan");
            }

            assertThat(String.join("\n", plan)).contains("provisioning_removing_credential");
        }
    }

    /** The statement with its JDBC parameters as PostgreSQL's {@code $1}, {@code $2}, ... */
    private static String numbered(String statement) {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : statement.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        return numbered.toString();
    }
}
