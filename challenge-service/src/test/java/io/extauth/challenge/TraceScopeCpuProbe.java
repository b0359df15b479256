package io.extauth.challenge;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=TraceScopeCpuProbe}): the CPU of the
 * trace scope every consumed record runs in (the kit's {@code EventTracing.inConsumerSpan} for an unsampled record:
 * its context built from the {@code traceparent}, made current, closed), with the service's own tracer and the
 * listeners Spring Boot registers on it (the MDC's trace fields). Prints its numbers.
 */
class TraceScopeCpuProbe extends IntegrationTestBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    Tracer tracer;

    @Test
    void cpuPerRecordScope() {
        int records = Integer.getInteger("probe.calls", 200_000);
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        long sink = 0;
        for (int round = 0; round <= 5; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < records; i++) {
                TraceContext context = EventTracing.unrecordedContextOrNull(tracer, traceparent, false);
                try (CurrentTraceContext.Scope scope = tracer.currentTraceContext().newScope(context)) {
                    sink += tracer.currentTraceContext().context().spanId().length();
                }
            }
            long scoped = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < records; i++) {
                TraceContext context = EventTracing.unrecordedContextOrNull(tracer, traceparent, false);
                sink += context.spanId().length();
            }
            if (round > 0) {
                System.out.printf("PROBE round %d: context + scope %.2f us, context alone %.2f us CPU per record "
                        + "(%d; %s)%n", round, (scoped - start) / 1000.0 / records,
                        (THREADS.getCurrentThreadCpuTime() - scoped) / 1000.0 / records, records, sink > 0);
            }
        }
    }
}
