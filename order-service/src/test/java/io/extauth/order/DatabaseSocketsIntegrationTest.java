package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.extauth.service.database.ChannelSocketFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A service talks to PostgreSQL over {@link ChannelSocketFactory}'s sockets (the service kit's default, issue 14), and
 * what that means for a thread that is interrupted: refused a connection at once, without the pool closing its idle
 * connections one after another; interrupted while it holds one, it loses that one only; the next statement, on any
 * thread, runs on a connection that works; and every read is bounded by the driver's socket timeout.
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
    void everyReadFromTheDatabaseIsBoundedAtAMinuteAndTheConnectionsKeptAlive() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);

        assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "60")
                .containsEntry("tcpKeepAlive", "true");
        Thread.sleep(700); // checked by the pool under its own timeout before it is handed out, then put back
        assertThat(jdbc.execute((ConnectionCallback<Integer>) Connection::getNetworkTimeout)).as("ms")
                .isEqualTo(60_000);
    }

    @Test
    void anInterruptedThreadIsRefusedAConnectionAndThePoolKeepsItsIdleOnes() throws Exception {
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        Thread.sleep(700); // every idle connection now past HikariCP's half second: checked before it is handed out
        int total = pool.getTotalConnections();

        Throwable refused = onAnInterruptedThread(() -> jdbc.queryForObject("SELECT 1", Integer.class));

        assertThat(refused).isInstanceOf(DataAccessException.class)
                .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
        assertThat(pool.getTotalConnections()).as("connections in the pool, right after").isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT 2", Integer.class)).isEqualTo(2);
    }

    @Test
    void aThreadInterruptedWhileItHoldsAConnectionLosesThatOneAndThePoolGoesOn() throws Exception {
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        int total = pool.getTotalConnections();

        Throwable failed = onAThread(() -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
            Thread.currentThread().interrupt();
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 1")) {
                result.next();
                return result.getInt(1);
            }
        }));

        assertThat(failed).as("its statement").isInstanceOf(DataAccessException.class);
        assertThat(pool.getTotalConnections()).as("at most the one it held is gone").isGreaterThanOrEqualTo(total - 1);
        for (int i = 0; i < 20; i++) {
            assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    private static Throwable onAnInterruptedThread(Runnable work) throws InterruptedException {
        return onAThread(() -> {
            Thread.currentThread().interrupt();
            work.run();
        });
    }

    /** What the work threw, on a thread of its own that ends with it (so no interrupt is left on a shared one). */
    private static Throwable onAThread(Runnable work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "interrupted-caller");
        thread.start();
        thread.join(30_000);
        return thrown.get();
    }
}
