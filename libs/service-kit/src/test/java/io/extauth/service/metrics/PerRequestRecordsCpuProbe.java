package io.extauth.service.metrics;

import io.extauth.service.ServiceDefaults;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=PerRequestRecordsCpuProbe}): the CPU
 * on the calling thread of what {@link PerRequestRecordsUnitTest} pins, each with and without, alternating in one
 * JVM: an {@code http.server.requests} observation with Prometheus as the services have it, with and without the
 * active-requests long-task timer; a request through the dispatcher (no handler: 404), with and without its
 * {@code ServletRequestHandledEvent}. Prints its numbers; asserts nothing.
 */
class PerRequestRecordsCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int PER_ROUND = Integer.getInteger("probe.requests", 50_000);

    @Test
    void cpuPerRequestOfTheRecordsNobodyReads() {
        ApplicationContextRunner metrics = new ApplicationContextRunner()
                .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                        new SpringApplication()))
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class));
        metrics.run(without -> metrics.withPropertyValues("management.metrics.observations.ignored-meters=")
                .run(with -> {
                    ObservationRegistry lean = without.getBean(ObservationRegistry.class);
                    ObservationRegistry full = with.getBean(ObservationRegistry.class);
                    for (int round = 0; round <= 4; round++) {
                        double withTimer = cpuPerCall(() -> observe(full));
                        double withoutTimer = cpuPerCall(() -> observe(lean));
                        print(round, "http.server.requests observation", withTimer, withoutTimer);
                    }
                }));
        new WebApplicationContextRunner()
                .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                        new SpringApplication()))
                .withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class))
                .run(context -> {
                    DispatcherServlet servlet = context.getBean(DispatcherServlet.class);
                    servlet.init(new MockServletConfig());
                    for (int round = 0; round <= 4; round++) {
                        servlet.setPublishEvents(true);
                        double withEvent = cpuPerCall(() -> serve(servlet));
                        servlet.setPublishEvents(false);
                        double withoutEvent = cpuPerCall(() -> serve(servlet));
                        print(round, "dispatcher request (404)", withEvent, withoutEvent);
                    }
                });
    }

    private static void observe(ObservationRegistry registry) {
        Observation.createNotStarted("http.server.requests", registry)
                .lowCardinalityKeyValue("uri", "/api/challenges").lowCardinalityKeyValue("method", "POST")
                .lowCardinalityKeyValue("status", "201").observe(() -> { });
    }

    private static void serve(DispatcherServlet servlet) {
        try {
            servlet.service(new MockHttpServletRequest("POST", "/api/challenges"), new MockHttpServletResponse());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double cpuPerCall(Runnable call) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < PER_ROUND; i++) {
            call.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / PER_ROUND;
    }

    private static void print(int round, String what, double before, double after) {
        if (round > 0) {
            System.out.printf("PROBE round %d: %s, %.2f us CPU with it, %.2f us without (%d each)%n", round, what,
                    before, after, PER_ROUND);
        }
    }
}
