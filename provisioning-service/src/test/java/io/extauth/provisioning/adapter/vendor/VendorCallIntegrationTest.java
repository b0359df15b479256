package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorOrder;
import io.extauth.testsupport.CountingRelay;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One vendor call against the real vendor simulator, through a relay that counts the TCP connections and keeps what
 * the client sent, under Boot's tracing sampled as the services sample without an OTLP endpoint (probability 0): which
 * calls build a client observation, which {@code traceparent} goes out, and that calls in a row share one connection.
 */
class VendorCallIntegrationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final ApplicationContextRunner tracing = new ApplicationContextRunner()
            .withPropertyValues("management.tracing.sampling.probability=0.0")
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

    private final CountingRelay simulator = new CountingRelay(URI.create(VendorSimulator.baseUrl()).getPort());
    private final AtomicInteger observations = new AtomicInteger();

    @AfterEach
    void close() throws IOException {
        simulator.close();
    }

    @Test
    void aCallOfTheWorkerInNoTraceBuildsNoObservationAndSendsNoTraceparent() {
        tracing.run(context -> {
            PhoneFactorGateway vendor = gateway(context.getBean(Tracer.class), context.getBean(Propagator.class));

            VendorAnswer answer = vendor.provision(order());

            assertThat(answer).isInstanceOf(VendorAnswer.Accepted.class);
            assertThat(observations).as("client observations built").hasValue(0);
            assertThat(simulator.sent()).doesNotContainIgnoringCase("traceparent");
        });
    }

    @Test
    void aCallInAnUnsampledTraceBuildsNoObservationAndStillSendsItsTraceparent() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            PhoneFactorGateway vendor = gateway(tracer, context.getBean(Propagator.class));
            Span request = tracer.nextSpan().start();

            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                vendor.provision(order());
            } finally {
                request.end();
            }

            assertThat(observations).as("client observations built").hasValue(0);
            assertThat(traceparentSent()).isEqualTo("00-" + request.context().traceId() + "-"
                    + request.context().spanId() + "-00");
        });
    }

    @Test
    void aCallInASampledTraceIsObservedAndContinuesThatTrace() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            PhoneFactorGateway vendor = gateway(tracer, context.getBean(Propagator.class));
            TraceContext sampled = tracer.traceContextBuilder().traceId(TRACE).spanId("00f067aa0ba902b7")
                    .sampled(true).build();

            try (var scope = tracer.currentTraceContext().newScope(sampled)) {
                vendor.provision(order());
            }

            assertThat(observations).as("client observations built").hasValue(1);
            assertThat(traceparentSent()).startsWith("00-" + TRACE + "-").endsWith("-01");
        });
    }

    @Test
    void callsInARowTravelOverOneKeptConnection() {
        tracing.run(context -> {
            PhoneFactorGateway vendor = gateway(context.getBean(Tracer.class), context.getBean(Propagator.class));

            for (int i = 0; i < 20; i++) {
                assertThat(vendor.provision(order())).isInstanceOf(VendorAnswer.Accepted.class);
            }

            assertThat(simulator.connections()).as("TCP connections to the simulator").isEqualTo(1);
        });
    }

    private PhoneFactorGateway gateway(Tracer tracer, Propagator propagator) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                observations.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        // as Boot's tracing registers it: the client span and its traceparent on the request
        registry.observationConfig().observationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator));
        VendorProperties.Endpoint endpoint = new VendorProperties.Endpoint(URI.create(simulator.baseUrl()),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new PhoneFactorGateway(VendorClientConfiguration.http(RestClient.builder().observationRegistry(registry),
                endpoint, new EventTracing(tracer, propagator, false), new JsonMapper()));
    }

    private String traceparentSent() {
        Matcher header = Pattern.compile("(?i)traceparent: (\\S+)").matcher(simulator.sent());
        assertThat(header.find()).as("a traceparent header in " + simulator.sent()).isTrue();
        return header.group(1);
    }

    private static VendorOrder order() {
        return new VendorOrder("o-" + UUID.randomUUID(), "1234", "user-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                "jane.doe@example.com", null);
    }
}
