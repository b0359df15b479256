package io.extauth.provisioning.adapter;

import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.VendorSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=WorkerTrickleCpuProbe}): orders in a
 * trickle ({@code probe.rate} a second, the bench's low-rate phase) through the real path, the broker, the listener,
 * the provisioning worker at the service's own poll interval, the vendor simulator and the database. Per order it
 * prints the worker's claim statements (every thread's {@code SKIP LOCKED}, empty polls included), the CPU of the
 * worker's threads (slots and the runner's timer) and of the listener threads, and sent → settled. Asserts nothing.
 */
@SpringBootTest(properties = "extauth.provisioning.worker.poll-interval=200ms")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class WorkerTrickleCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Predicate<String> SLOTS = name -> name.startsWith("provisioning-worker-");
    private static final Predicate<String> TIMER = name -> name.startsWith("provisioning-poller-")
            || name.startsWith("provisioning-lease-renewer-");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RoundTrips roundTrips;
    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", VendorSimulator::baseUrl);
        registry.add("extauth.vendors.symantec-vip.base-url", VendorSimulator::baseUrl);
    }

    @Test
    void claimsAndCpuPerOrderInATrickle() {
        double rate = Double.parseDouble(System.getProperty("probe.rate", "10"));
        int warm = Integer.getInteger("probe.warm", 300);
        int measured = Integer.getInteger("probe.orders", 300);
        try (TestEvents upstream = new TestEvents(broker.getBrokersAsString())) {
            trickle(upstream, warm, rate);
            for (int round = 1; round <= 3; round++) {
                Map<Long, Long> slotsBefore = cpu(SLOTS);
                Map<Long, Long> timerBefore = cpu(TIMER);
                Map<Long, Long> listenersBefore = cpu(RoundTrips.LISTENERS);
                roundTrips.reset();
                List<String> orders = trickle(upstream, measured, rate);
                long claims = roundTrips.of(name -> true).stream()
                        .filter(trip -> trip.sql().contains("SKIP LOCKED")).count();
                double slots = used(slotsBefore, cpu(SLOTS)) / 1000.0 / measured;
                double timer = used(timerBefore, cpu(TIMER)) / 1000.0 / measured;
                double listeners = used(listenersBefore, cpu(RoundTrips.LISTENERS)) / 1000.0 / measured;
                List<Long> latencies = sentToSettled(orders);
                System.out.printf("PROBE round %d (%d orders at %s/s): %.2f claim statements per order; CPU per order:"
                                + " worker threads %.1f us (slots %.1f, timer %.1f), listener threads %.1f us; sent ->"
                                + " settled p50 %d ms, p90 %d ms%n", round, measured, rate, (double) claims / measured,
                        slots + timer, slots, timer, listeners, percentile(latencies, 50), percentile(latencies, 90));
            }
        }
    }

    /** Sends the orders one by one at the rate, then waits until every one is settled. */
    private List<String> trickle(TestEvents upstream, int count, double rate) {
        long every = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += every;
            AuthOrdered order = new AuthOrdered("1234", "user-" + UUID.randomUUID(), "o-" + UUID.randomUUID(),
                    AuthType.PHONEFACTOR, null, "jane.doe@example.com", null, new BigDecimal("4.00"),
                    OrderChannel.PORTAL, Instant.now());
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            orderIds.add(order.orderId());
        }
        await("every order settled").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM provisioning WHERE next_attempt_at IS NOT NULL",
                        Integer.class) == 0 && jdbc.queryForObject("SELECT count(*) FROM provisioning WHERE order_id ="
                        + " ANY (?)", Integer.class, (Object) orderIds.toArray(String[]::new)) == count);
        return orderIds;
    }

    /** From the order's orderedAt (set as it was sent) to the settled row's last update, in ms. */
    private List<Long> sentToSettled(List<String> orderIds) {
        List<Long> latencies = new ArrayList<>(jdbc.queryForList("""
                SELECT (extract(epoch FROM updated_at - ordered_at) * 1000)::bigint FROM provisioning
                WHERE order_id = ANY (?)""", Long.class, (Object) orderIds.toArray(String[]::new)));
        Collections.sort(latencies);
        return latencies;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static Map<Long, Long> cpu(Predicate<String> threadName) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (threadName.test(thread.getName())) {
                cpu.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return cpu;
    }

    private static long used(Map<Long, Long> before, Map<Long, Long> after) {
        long used = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return used;
    }
}
