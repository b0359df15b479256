package io.extauth.provisioning.adapter;

import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.provisioning.VendorOrder;
import io.extauth.testsupport.VendorSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=ProvisioningWorkerCpuProbe}): the CPU
 * the provisioning worker's own threads spend per order against the real vendor simulator and database, over many
 * warm orders, and of one vendor call alone on the calling thread. Prints its numbers; asserts nothing.
 */
@SpringBootTest(properties = "extauth.provisioning.worker.poll-interval=100ms")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ProvisioningWorkerCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    ProvisioningRecords records;
    @Autowired
    VendorGateways vendors;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", VendorSimulator::baseUrl);
        registry.add("extauth.vendors.symantec-vip.base-url", VendorSimulator::baseUrl);
    }

    @Test
    void cpuPerOrderOfTheWorkerThreads() {
        int warm = Integer.getInteger("probe.warm", 2000);
        int measured = Integer.getInteger("probe.orders", 4000);
        drain(warm);
        for (int round = 1; round <= 3; round++) {
            Map<Long, Long> before = workerCpu();
            drain(measured);
            long used = 0;
            for (Map.Entry<Long, Long> after : workerCpu().entrySet()) {
                used += after.getValue() - before.getOrDefault(after.getKey(), 0L);
            }
            System.out.printf("PROBE round %d: provisioning worker threads %.1f us CPU per order (%d orders)%n", round,
                    used / 1000.0 / measured, measured);
        }
        System.out.printf("PROBE outcomes: %s%n", jdbc.queryForList(
                "SELECT status, count(*) AS orders FROM provisioning GROUP BY status ORDER BY status"));
        for (int round = 1; round <= 3; round++) {
            int calls = measured;
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                vendors.of(AuthType.PHONEFACTOR).provision(vendorOrder(i));
            }
            System.out.printf("PROBE round %d: one PhoneFactor provision call %.1f us CPU on the caller%n", round,
                    (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls);
        }
    }

    /**
     * Each Symantec order gets a credential id no earlier order used: the simulator binds an id to one user and answers
     * 409 CREDENTIAL_BOUND_ELSEWHERE for the next, so ids reused across rounds measured the refusal path, not the bench's.
     */
    private int credentials;

    private void drain(int count) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            AuthOrdered order = i % 3 == 2 ? order(AuthType.SYMANTEC_VIP) : order(AuthType.PHONEFACTOR);
            records.accept(order, order.type() == AuthType.SYMANTEC_VIP ? "VSST" + (10_000_000 + ++credentials) : null, now);
        }
        await("every order settled").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM provisioning WHERE next_attempt_at IS NOT NULL",
                        Integer.class) == 0);
    }

    private static Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("provisioning-worker-")) {
                cpu.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return cpu;
    }

    private static AuthOrdered order(AuthType type) {
        return new AuthOrdered("1234", "user-" + UUID.randomUUID(), "o-" + UUID.randomUUID(), type, null,
                "jane.doe@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
    }

    private static VendorOrder vendorOrder(int i) {
        return new VendorOrder("o-" + UUID.randomUUID(), "1234", "user-" + i, AuthType.PHONEFACTOR,
                "jane.doe@example.com", null);
    }
}
