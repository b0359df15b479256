package io.extauth.order;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.service.database.ChannelSocketFactory;
import io.extauth.testsupport.ThreadsCpu;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test (surefire does not pick up {@code *Probe}): the CPU per transaction (two round trips) of threads on a pool
 * whose connections are the JDK's own sockets, against one whose connections are {@link ChannelSocketFactory}'s,
 * alternating block by block (issue 14, forty-sixth pass). The pools are the probe's own (HikariCP, 10 connections, on
 * the embedded PostgreSQL of the service's tests), used by nothing else; the CPU is the worker threads' own
 * ({@link ThreadsCpu}). Run it with {@code ./mvnw -pl order-service test -Dtest=SocketModeCpuProbe}; under surefire
 * it runs with the module's test JVM options, not the services'. Prints its numbers; asserts nothing.
 */
class SocketModeCpuProbe extends OrderServiceIntegrationTestBase {

    @Autowired
    DataSource dataSource;

    @Test
    void cpuPerTransactionWithPlainAndChannelSockets() throws Exception {
        HikariDataSource kit = dataSource.unwrap(HikariDataSource.class);
        int threads = Integer.getInteger("probe.threads", 4);
        int perBlock = Integer.getInteger("probe.transactions", 20000);
        // -Dprobe.timeouts=true: both pools on the factory's sockets, one without a read timeout and one under the
        // services' socketTimeout (60 s, kept by ReadDeadlines: session 64) — what the bound costs per transaction
        boolean timeouts = Boolean.getBoolean("probe.timeouts");
        try (HikariDataSource plain = timeouts ? pool(kit, ChannelSocketFactory.class.getName(), 0)
                : pool(kit, null, 0);
                HikariDataSource channel = pool(kit, ChannelSocketFactory.class.getName(), timeouts ? 60 : 0)) {
            ThreadsCpu.ofRunning(() -> transaction(plain), perBlock, threads);
            ThreadsCpu.ofRunning(() -> transaction(channel), perBlock, threads);
            for (int block = 1; block <= 8; block++) {
                HikariDataSource pool = block % 2 == 0 ? channel : plain;
                long start = System.nanoTime();
                long cpu = ThreadsCpu.ofRunning(() -> transaction(pool), perBlock, threads);
                long wall = System.nanoTime() - start;
                System.out.printf("PROBE block %d %s: %.1f us of the workers' CPU per transaction, %.0f "
                        + "transactions/s%n", block, pool == channel ? (timeouts ? "bounded" : "channel")
                                : (timeouts ? "channel" : "plain  "),
                        cpu / 1000.0 / perBlock, perBlock / (wall / 1e9));
            }
        }
    }

    private static HikariDataSource pool(HikariDataSource kit, @Nullable String socketFactory, int socketTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(kit.getJdbcUrl());
        config.setUsername(kit.getUsername());
        config.setPassword(kit.getPassword());
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(10);
        if (socketFactory != null) {
            config.addDataSourceProperty("socketFactory", socketFactory);
        }
        config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout));
        return new HikariDataSource(config);
    }

    private static void transaction(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_class WHERE relpages > ?")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            c.commit();
        }
    }
}
