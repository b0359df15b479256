package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A scrape's reads of waiting work against a pool with no connection to give (held by the service's own work, or
 * every connection waiting on a silent database): the gauge reads NaN within its budget, and the reads after it at
 * once, instead of each waiting the pool's 30 s on the scrape's thread. Against the tests' real PostgreSQL.
 */
class BacklogReadsIntegrationTest {

    private static final Duration BUDGET = Duration.ofMillis(500);
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void aPoolWithNoConnectionToGiveReadsAsNaNWithinTheBudgetAndTheNextReadsAtOnceUntilItGivesOneAgain()
            throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(EmbeddedPostgresDefault.shared().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(30_000); // HikariCP's default, as the services'
        try (HikariDataSource pool = new HikariDataSource(config)) {
            BacklogReads reads = new BacklogReads(new JdbcTemplate(pool), BUDGET, QUIET);
            try {
                assertThat(reads.rows("SELECT count(*) FROM pg_class WHERE relname = ?", "pg_class")).isEqualTo(1);
                assertThat(reads.ageSeconds(Clock.systemUTC(), "SELECT now() - interval '1 minute'"))
                        .isBetween(59.0, 70.0);

                double[] read = new double[2];
                long[] took = new long[2];
                try (Connection held = pool.getConnection()) {
                    for (int i = 0; i < 2; i++) {
                        long start = System.nanoTime();
                        read[i] = reads.rows("SELECT count(*) FROM pg_class");
                        took[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    }
                }

                assertThat(read[0]).isNaN();
                assertThat(took[0]).as("ms the first read waited").isBetween(BUDGET.toMillis() - 50,
                        BUDGET.toMillis() + 1_000);
                assertThat(read[1]).isNaN();
                assertThat(took[1]).as("ms the next read waited: none, it does not queue behind the first").isLessThan(
                        100);
                Thread.sleep(QUIET.toMillis() + 200);
                assertThat(reads.rows("SELECT count(*) FROM pg_class WHERE relname = ?", "pg_class"))
                        .as("the pool gives connections again").isEqualTo(1);
            } finally {
                reads.destroy();
            }
        }
    }

    @Test
    void aReadThatIgnoresItsCancelHoldsUpNoReadBehindIt() throws Exception {
        // as the driver blocked reading a silent database's socket: the interrupt of the cancel changes nothing
        java.util.concurrent.CountDownLatch answers = new java.util.concurrent.CountDownLatch(1);
        javax.sql.DataSource real = EmbeddedPostgresDefault.shared().getPostgresDatabase();
        javax.sql.DataSource silent = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        while (answers.getCount() > 0) {
                            try {
                                answers.await();
                            } catch (InterruptedException ignored) {
                                // not heeded
                            }
                        }
                    }
                    return method.invoke(real, args);
                });
        BacklogReads reads = new BacklogReads(new JdbcTemplate(silent), BUDGET, Duration.ofMillis(300));
        try {
            assertThat(reads.rows("SELECT 1")).isNaN();
            Thread.sleep(500); // the quiet spell over, the first read still stuck

            long start = System.nanoTime();
            double behind = reads.rows("SELECT 1");
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(behind).isNaN();
            // under half the budget, which a read queued behind the stuck one would wait out (was 100 ms: a second
            // test JVM now shares the machine)
            assertThat(took).as("ms the read waited: none, nothing queued behind the stuck one").isLessThan(250);
            answers.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reads.rows("SELECT 1") == 1);
        } finally {
            answers.countDown();
            reads.destroy();
        }
    }
}
