package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Not a test (surefire skips the name; run it with {@code -Dtest=PreparedStatementsCpuProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}): the CPU of one statement whose text parameter is null in every other
 * call, on the caller's thread and in its PostgreSQL backend ({@code /proc/<pid>/stat}), with text parameters sent as
 * {@code varchar} (the driver's default) and untyped ({@code stringtype=unspecified}, the service kit's default), four
 * rounds of 20,000 calls each, alternating (issue 14, seventeenth pass).
 */
class PreparedStatementsCpuProbe extends ProvisioningIntegrationTestBase {

    private static final String UPSERT = "INSERT INTO probe_row (id, a, b, at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET a = EXCLUDED.a";

    @Autowired
    DataSource dataSource;

    @Test
    void cpuPerStatementWithTextParametersTypedAndUntyped() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int calls = 20_000;
        for (int round = 0; round < 4; round++) {
            for (String stringType : new String[] {"varchar", "unspecified"}) {
                // the pool's database and user, the one driver setting chosen here
                SingleConnectionDataSource connection = new SingleConnectionDataSource(pool.getJdbcUrl(), true);
                Properties properties = new Properties();
                properties.setProperty("user", pool.getUsername());
                if (pool.getPassword() != null) {
                    properties.setProperty("password", pool.getPassword());
                }
                properties.setProperty("stringtype", stringType);
                connection.setConnectionProperties(properties);
                JdbcTemplate jdbc = new JdbcTemplate(connection);
                jdbc.execute("CREATE TEMPORARY TABLE probe_row (id int PRIMARY KEY, a text, b text, at timestamptz)");
                int backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
                for (int i = 0; i < 2_000; i++) {
                    jdbc.update(UPSERT, -i - 1, i % 2 == 0 ? null : "x", "y", new Timestamp(i));
                }
                long client = threads.getCurrentThreadCpuTime();
                long server = ticks(backend);
                for (int i = 0; i < calls; i++) {
                    jdbc.update(UPSERT, i, i % 2 == 0 ? null : "x", "y", new Timestamp(i));
                }
                double clientMicros = (threads.getCurrentThreadCpuTime() - client) / 1_000.0 / calls;
                double serverMicros = (ticks(backend) - server) * 10_000.0 / calls;
                System.out.printf("round %d, stringtype=%-11s caller %5.1f µs, PostgreSQL backend %5.1f µs a call%n",
                        round, stringType, clientMicros, serverMicros);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM probe_row", Integer.class)).isEqualTo(22_000);
                connection.destroy();
            }
        }
    }

    /** utime + stime of a process, in clock ticks (10 ms). */
    private static long ticks(int pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
}
