package io.extauth.messaging;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.testsupport.ThreadsCpu;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Not a test (surefire does not pick up {@code *Probe}): the CPU per transaction of threads that want more connections
 * than a pool has, with and without a semaphore of the pool's size taken before a connection is asked for (so that
 * HikariCP has no thread waiting on it and no hand-off to spin on), alternating block by block (issue 14, forty-fifth
 * pass). The pool is the probe's own (HikariCP, 10 connections, on the kit's embedded PostgreSQL), used by nothing
 * else; the CPU is the worker threads' own ({@link ThreadsCpu}), whatever else the JVM runs meanwhile. Run it with
 * {@code ./mvnw -pl libs/messaging-kit test -Dtest=ConnectionWaitCpuProbe} (an unfair semaphore) and again with
 * {@code -Dprobe.fair=true}; under surefire it runs with the module's test JVM options (C1 only), not the services'.
 * Prints its numbers; asserts nothing.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ConnectionWaitCpuProbe {

    @Autowired
    DataSource dataSource;

    @Test
    void cpuPerTransactionWithAndWithoutAGate() throws Exception {
        HikariDataSource kit = dataSource.unwrap(HikariDataSource.class);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(kit.getJdbcUrl());
        config.setUsername(kit.getUsername());
        config.setPassword(kit.getPassword());
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(10);
        boolean fair = Boolean.getBoolean("probe.fair");
        int threads = Integer.getInteger("probe.threads", 16);
        int perBlock = Integer.getInteger("probe.transactions", 20000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            System.out.printf("PROBE pool %d, threads %d, %s semaphore%n", pool.getMaximumPoolSize(), threads,
                    fair ? "fair" : "unfair");
            run(pool, threads, perBlock, null); // warm, both ways
            run(pool, threads, perBlock, new Semaphore(pool.getMaximumPoolSize(), fair));
            for (int block = 1; block <= 6; block++) {
                Semaphore gate = block % 2 == 0 ? new Semaphore(pool.getMaximumPoolSize(), fair) : null;
                long start = System.nanoTime();
                Block measured = run(pool, threads, perBlock, gate);
                long wall = System.nanoTime() - start;
                System.out.printf("PROBE block %d %s: %.1f us of the workers' CPU per transaction, %.0f "
                        + "transactions/s, %d of %d transactions followed by a thread waiting on the pool%n", block,
                        gate == null ? "no gate" : "gate   ", measured.cpuNanos() / 1000.0 / perBlock,
                        perBlock / (wall / 1e9), measured.waitersSeen(), perBlock);
            }
        }
    }

    private record Block(long cpuNanos, long waitersSeen) {
    }

    private static Block run(HikariDataSource pool, int threads, int transactions, @Nullable Semaphore gate)
            throws Exception {
        AtomicLong waitersSeen = new AtomicLong();
        long cpu = ThreadsCpu.ofRunning(() -> {
            transaction(pool, gate);
            if (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() > 0) {
                waitersSeen.incrementAndGet();
            }
        }, transactions, threads);
        return new Block(cpu, waitersSeen.get());
    }

    private static void transaction(HikariDataSource pool, @Nullable Semaphore gate) throws Exception {
        if (gate != null) {
            gate.acquire();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_class WHERE relpages > ?")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            c.commit();
        } finally {
            if (gate != null) {
                gate.release();
            }
        }
    }
}
