package io.extauth.service.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.service.ServiceDefaults;
import io.extauth.service.problem.DatabaseBlips;
import io.extauth.testsupport.CuttingProxy;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A database host that goes silent in the middle of a statement, its sockets left open (it died, froze or failed over
 * without closing them), between a pool configured as the services' is and the tests' real PostgreSQL: the statement
 * fails at the driver's socketTimeout, as a lost connection the services already handle (the relay tries its round
 * again, a listener its record, a request is answered 503), and the pool's next connection works. Before, the thread
 * waited for the answer for ever. On the kit's channel sockets and on the driver's own.
 */
class SilentDatabaseIntegrationTest {

    /** Small here so that the test is quick; the services' default is 60 s. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    @ParameterizedTest(name = "channel sockets: {0}")
    @ValueSource(booleans = {true, false})
    void aStatementWhoseAnswerNeverComesFailsAtTheSocketTimeoutAsALostConnection(boolean channelSockets)
            throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(EmbeddedPostgresDefault.shared().getPort());
                HikariDataSource pool = servicesPool(proxy.port(), channelSockets)) {
            assertThat(selectOne(pool)).as("through the proxy while it passes everything on").isEqualTo(1);
            // idle long enough for the pool to check the connection before it hands it out again: the check reads
            // under its own timeout, and the pool then puts back the one the connection had
            Thread.sleep(700);

            CompletableFuture<Object> statement = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement()) {
                    sql.execute("SELECT pg_sleep(0.5)"); // under way when the host goes silent
                    return "answered";
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            long silentFrom = System.nanoTime();
            proxy.silence();

            Object outcome;
            try {
                outcome = statement.get(BOUND.toSeconds() + 4, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the statement still waited for its answer " + (BOUND.toSeconds() + 4) + " s after the database "
                        + "went silent");
                return;
            }
            long waited = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();

            assertThat(outcome).isInstanceOf(SQLException.class);
            SQLException failure = (SQLException) outcome;
            assertThat(failure.getSQLState()).as("a connection failure").startsWith("08");
            assertThat(DatabaseBlips.isBlip(failure)).as("what the services take for a lost connection").isTrue();
            assertThat(waited).as("ms from the silence to the failure")
                    .isBetween(BOUND.toMillis() - 500, BOUND.toMillis() + ReadDeadlines.EVERY.toMillis() + 1_500);
            assertThat(selectOne(pool)).as("the pool's next connection, made anew").isEqualTo(1);
        }
    }

    /** A pool as Boot makes the services' from their settings, with the bound given as an operator would. */
    private static HikariDataSource servicesPool(int port, boolean channelSockets) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("operator", Map.of(
                "extauth.database.socket-timeout", BOUND.toSeconds() + "s",
                "extauth.database.channel-sockets", Boolean.toString(channelSockets))));
        ConfigurationPropertySources.attach(environment);
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        Map<String, String> driver = Binder.get(environment).bind("spring.datasource.hikari.data-source-properties",
                Bindable.mapOf(String.class, String.class)).get();

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        driver.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    private static int selectOne(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT 1")) {
            result.next();
            return result.getInt(1);
        }
    }
}
