package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory settings of the stack's PostgreSQL, read back from the real embedded server (issue 14: memory). */
class PostgresSettingsIntegrationTest {

    /** Services of the stack with a database pool, and Hikari's maximum pool size, which the stack leaves as it is. */
    private static final int SERVICES = 4;
    private static final int HIKARI_MAXIMUM_POOL = 10;

    @TempDir static Path home;
    private static Postgres postgres;

    @BeforeAll
    static void start() {
        postgres = new Postgres(home.resolve("postgres"), 0).start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static String setting(String name) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), Postgres.USER, Postgres.PASSWORD);
    }

    @Test
    void theSharedBufferCacheIs32MbNot128() throws SQLException {
        assertThat(setting("shared_buffers")).isEqualTo("32MB");
    }

    @Test
    void everyServicesFullPoolAndTheBenchmarksConnectionsFitUnderMaxConnections() throws SQLException {
        assertThat(Integer.parseInt(setting("max_connections"))).isEqualTo(100);

        List<Connection> pools = new ArrayList<>();
        try {
            for (int i = 0; i < SERVICES * HIKARI_MAXIMUM_POOL + 10; i++) {
                pools.add(connect());
            }
            assertThat(pools).allSatisfy(connection -> assertThat(connection.isValid(5)).isTrue());
        } finally {
            for (Connection connection : pools) {
                connection.close();
            }
        }
    }
}
