package io.extauth.messaging;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=ConnectionWaitCpuProbe}): the JVM's
 * CPU per transaction when more threads want a connection than the pool has, with and without a semaphore of the
 * pool's size taken before a connection is asked for (so that HikariCP never counts a waiter and never spins handing a
 * connection back; {@code -Dprobe.fair=true} for a fair one), alternating block by block (issue 14, forty-fifth pass:
 * neither gate was cheaper). Prints its numbers; asserts nothing.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ConnectionWaitCpuProbe {

    @Autowired
    DataSource dataSource;

    @Test
    void cpuPerTransactionWithAndWithoutAGate() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        int threads = Integer.getInteger("probe.threads", 16);
        int perBlock = Integer.getInteger("probe.transactions", 20000);
        System.out.printf("PROBE pool %d, threads %d%n", pool.getMaximumPoolSize(), threads);
        run(pool, threads, perBlock, null); // warm
        run(pool, threads, perBlock, new Semaphore(pool.getMaximumPoolSize(), Boolean.getBoolean("probe.fair")));
        for (int block = 1; block <= 6; block++) {
            boolean gated = block % 2 == 0;
            Semaphore gate = gated ? new Semaphore(pool.getMaximumPoolSize(), Boolean.getBoolean("probe.fair")) : null;
            long cpu0 = processCpuTicks();
            long t0 = System.nanoTime();
            long waiters = run(pool, threads, perBlock, gate);
            long wall = System.nanoTime() - t0;
            long cpu = processCpuTicks() - cpu0;
            System.out.printf("PROBE block %d %s: %.1f us JVM CPU per transaction, %.0f transactions/s, "
                    + "pool waiters seen %d%n", block, gated ? "gate   " : "no gate", cpu * 10_000.0 / perBlock,
                    perBlock / (wall / 1e9), waiters);
        }
    }

    private long run(HikariDataSource pool, int threads, int transactions, Semaphore gate) throws Exception {
        AtomicInteger left = new AtomicInteger(transactions);
        AtomicLong waitersSeen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        if (gate != null) {
                            gate.acquire();
                        }
                        try (Connection c = pool.getConnection()) {
                            c.setAutoCommit(false);
                            try (PreparedStatement ps = c.prepareStatement(
                                    "SELECT count(*) FROM pg_class WHERE relpages > ?")) {
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
                        int w = pool.getHikariPoolMXBean().getThreadsAwaitingConnection();
                        if (w > 0) {
                            waitersSeen.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        done.await();
        return waitersSeen.get();
    }

    /** utime + stime of this JVM, in clock ticks (1/100 s). */
    private static long processCpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
