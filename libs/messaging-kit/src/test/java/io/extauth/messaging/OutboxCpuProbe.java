package io.extauth.messaging;

import io.extauth.contract.AuthType;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Outbox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=OutboxCpuProbe}): the CPU a
 * transaction that publishes one event costs the calling thread and the PostgreSQL backend serving it (from
 * {@code /proc}), over many warm transactions, the relay sending them meanwhile; and the CPU of the relay's thread per
 * event, for events as fast as one caller commits them and for lone events (each relayed before the next is
 * committed, as under a steady flow of a few per second). Prints its numbers; asserts nothing.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void cpuPerTransactionOfOneEvent() throws Exception {
        int count = Integer.getInteger("probe.transactions", 5000);
        publish(count);
        for (int round = 1; round <= 4; round++) {
            Integer backend = transactions.execute(status -> jdbc.queryForObject("SELECT pg_backend_pid()",
                    Integer.class));
            long backendBefore = ticks(backend);
            awaitRelayed();
            long relayBefore = relayCpu();
            long start = THREADS.getCurrentThreadCpuTime();
            Integer last = publish(count);
            long caller = THREADS.getCurrentThreadCpuTime() - start;
            long backendAfter = ticks(backend);
            awaitRelayed();
            System.out.printf("PROBE round %d: caller %.1f us, PostgreSQL backend %.1f us CPU per transaction "
                    + "(%d transactions, one connection: %s); relay thread %.1f us per event%n", round,
                    caller / 1000.0 / count, (backendAfter - backendBefore) * 10_000.0 / count, count,
                    backend.equals(last), (relayCpu() - relayBefore) / 1000.0 / count);
        }
    }

    /**
     * The same transactions, in one JVM, alternating by block between the service's transaction manager (the events
     * written by the statement that commits) and Spring's own (the events written, then the commit): the caller's
     * and the backend's CPU per transaction of each.
     */
    @Test
    void cpuPerTransactionWithTheCommitInTheOutboxStatementOrNot() throws Exception {
        int count = Integer.getInteger("probe.transactions", 5000);
        TransactionTemplate plain = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        publish(count, transactions);
        publish(count, plain);
        for (int round = 1; round <= Integer.getInteger("probe.rounds", 6); round++) {
            for (TransactionTemplate template : List.of(plain, transactions)) {
                Integer backend = template.execute(status -> jdbc.queryForObject("SELECT pg_backend_pid()",
                        Integer.class));
                awaitRelayed();
                long backendBefore = ticks(backend);
                long start = THREADS.getCurrentThreadCpuTime();
                Integer last = publish(count, template);
                long caller = THREADS.getCurrentThreadCpuTime() - start;
                long backendAfter = ticks(backend);
                System.out.printf("PROBE round %d, %s: caller %.1f us, PostgreSQL backend %.1f us CPU per "
                        + "transaction (%d transactions, one connection: %s)%n", round,
                        template == plain ? "insert, then commit" : "insert; commit", caller / 1000.0 / count,
                        (backendAfter - backendBefore) * 10_000.0 / count, count, backend.equals(last));
            }
        }
    }

    @Test
    void cpuOfTheRelayPerLoneEvent() {
        int count = Integer.getInteger("probe.lone", 2000);
        publishLone(count);
        for (int round = 1; round <= 4; round++) {
            long relayBefore = relayCpu();
            publishLone(count);
            System.out.printf("PROBE lone round %d: relay thread %.1f us CPU per lone event (%d events)%n", round,
                    (relayCpu() - relayBefore) / 1000.0 / count, count);
        }
    }

    /** One event per transaction, each relayed before the next is committed. */
    private void publishLone(int count) {
        for (int i = 0; i < count; i++) {
            publish(1);
            awaitRelayed();
        }
    }

    private void awaitRelayed() {
        while (jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) > 0) {
            LockSupport.parkNanos(200_000);
        }
    }

    private static long relayCpu() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("outbox-relay"))
                .mapToLong(t -> THREADS.getThreadCpuTime(t.getId())).sum();
    }

    /** One event per transaction; the backend pid of the last transaction's connection. */
    private Integer publish(int count) {
        return publish(count, transactions);
    }

    private Integer publish(int count, TransactionTemplate template) {
        Integer backend = null;
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            backend = template.execute(status -> {
                String user = "user-" + UUID.randomUUID();
                outbox.publish(new Provisioned("1234", user, "o-" + user, AuthType.PHONEFACTOR, "ref-1",
                        Instant.now()));
                return last ? jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class) : null;
            });
        }
        return backend;
    }

    /** utime + stime of a process, in clock ticks (10 ms). */
    private static long ticks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
