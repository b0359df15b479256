package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.extauth.service.database.ChannelSocketFactory;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A service talks to PostgreSQL over {@link ChannelSocketFactory}'s sockets (the service kit's default, issue 14), and
 * what that means for a thread interrupted while it uses the database: its statement fails, the pool drops the
 * closed connection, and the next statement, on any thread, runs on a connection that works.
 */
class DatabaseSocketsIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theServicesConnectionsAreMadeByTheChannelSocketFactory() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);

        assertThat(pool.getDataSourceProperties().getProperty("socketFactory"))
                .isEqualTo(ChannelSocketFactory.class.getName());
        assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
    }

    @Test
    void aStatementOfAnInterruptedThreadFailsAndThePoolGoesOnWithWorkingConnections() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);

        CompletableFuture<Throwable> interrupted = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            try {
                jdbc.queryForObject("SELECT 1", Integer.class);
                return null;
            } catch (DataAccessException e) {
                return e;
            } finally {
                Thread.interrupted();
            }
        });

        assertThat(interrupted.join()).as("the interrupted thread's statement").isInstanceOf(DataAccessException.class);
        for (int i = 0; i < pool.getMaximumPoolSize() * 2; i++) {
            assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        }
        assertThatThrownBy(() -> CompletableFuture.runAsync(() -> {
            Thread.currentThread().interrupt();
            jdbc.queryForObject("SELECT 1", Integer.class);
        }).join()).hasCauseInstanceOf(DataAccessException.class);
        assertThat(jdbc.queryForObject("SELECT 2", Integer.class)).isEqualTo(2);
    }
}
