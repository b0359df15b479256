package io.extauth.service.metrics;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=CountingOutboxCpuProbe}): the CPU
 * and the bytes counting one published event costs the calling thread (the outbox itself faked), on the Prometheus
 * registry the services use, over many warm events. Prints its numbers; asserts nothing.
 */
class CountingOutboxCpuProbe {

    @Test
    void cpuPerCountedEvent() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountingOutbox outbox = new CountingOutbox(new AcceptingOutbox(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Instant at = Instant.parse("2026-11-30T06:00:00Z");
        List<ExtauthEvent> events = List.of(new Provisioned("1234", "u", "o", AuthType.PHONEFACTOR, "ref", at),
                new Provisioned("1234", "u", "o", AuthType.SYMANTEC_VIP, "ref", at),
                new EmailSent("1234", "u", "o", "provisioned", "u***@example.com", "m", at));
        int count = Integer.getInteger("probe.events", 300_000);
        publish(outbox, events, count);
        for (int round = 1; round <= 4; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long bytes = threads.getCurrentThreadAllocatedBytes();
            publish(outbox, events, count);
            System.out.printf("PROBE round %d: %.0f ns CPU, %.0f bytes per counted event (%d events)%n", round,
                    (threads.getCurrentThreadCpuTime() - cpu) / (double) count,
                    (threads.getCurrentThreadAllocatedBytes() - bytes) / (double) count, count);
        }
    }

    private static void publish(CountingOutbox outbox, List<ExtauthEvent> events, int count) {
        for (int i = 0; i < count; i++) {
            outbox.publish(events.get(i % events.size()));
        }
    }
}
