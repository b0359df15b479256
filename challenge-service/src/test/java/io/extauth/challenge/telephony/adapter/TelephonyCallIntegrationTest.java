package io.extauth.challenge.telephony.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.vendor.adapter.VendorCallLimits;
import io.extauth.challenge.vendor.adapter.VendorCallLimitsForTests;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.CountingRelay;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls placed for a login against the real vendor simulator, through a relay that counts connections and keeps what
 * the client sent, under Boot's tracing as the service samples without an OTLP endpoint (probability 0). A request
 * thread of the service is in an unsampled trace: its call builds no client observation (no span, no
 * {@code http.client.requests} timer) and still sends the trace's {@code traceparent}.
 */
class TelephonyCallIntegrationTest {

    private final ApplicationContextRunner tracing = new ApplicationContextRunner()
            .withPropertyValues("management.tracing.sampling.probability=0.0")
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

    private final CountingRelay simulator = new CountingRelay(URI.create(VendorSimulator.baseUrl()).getPort());
    private final AtomicInteger observations = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        simulator.close();
    }

    @Test
    void aCallPlacedInTheUnsampledTraceOfARequestBuildsNoObservationAndSendsItsTraceparent() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            TelephonyGateway telephony = gateway(tracer, context.getBean(Propagator.class));
            Span request = tracer.nextSpan().start();

            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                assertThat(placeCall(telephony)).isNotBlank();
            } finally {
                request.end();
            }

            assertThat(observations).as("client observations built").hasValue(0);
            assertThat(traceparentSent()).isEqualTo("00-" + request.context().traceId() + "-"
                    + request.context().spanId() + "-00");
        });
    }

    @Test
    void aCallARequestHandsToTheGatewaysThreadsRunsThereAndSendsTheRequestsTraceparent() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            EventTracing traced = new EventTracing(tracer, context.getBean(Propagator.class), false);
            VendorCallLimits limits = VendorCallLimitsForTests.limits(new SimpleMeterRegistry(), traced);
            TelephonyGateway telephony = gateway(tracer, context.getBean(Propagator.class), limits);
            Span request = tracer.nextSpan().start();
            String thread;

            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                thread = telephony.offRequestThread(() -> {
                    placeCall(telephony);
                    return Thread.currentThread().getName();
                }).get(10, TimeUnit.SECONDS);
            } finally {
                request.end();
                limits.destroy();
            }

            assertThat(thread).as("the thread the call ran on").startsWith("call-phonefactor-");
            assertThat(traceparentSent()).isEqualTo("00-" + request.context().traceId() + "-"
                    + request.context().spanId() + "-00");
        });
    }

    @Test
    void aCallPlacedInASampledTraceIsObservedAndContinuesThatTrace() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            TelephonyGateway telephony = gateway(tracer, context.getBean(Propagator.class));
            TraceContext sampled = tracer.traceContextBuilder().traceId("0af7651916cd43dd8448eb211c80319c")
                    .spanId("b7ad6b7169203331").sampled(true).build();

            try (var scope = tracer.currentTraceContext().newScope(sampled)) {
                placeCall(telephony);
            }

            assertThat(observations).as("client observations built").hasValue(1);
            assertThat(traceparentSent()).startsWith("00-0af7651916cd43dd8448eb211c80319c-").endsWith("-01");
        });
    }

    @Test
    void callsInARowTravelOverOneKeptConnection() {
        tracing.run(context -> {
            TelephonyGateway telephony = gateway(context.getBean(Tracer.class), context.getBean(Propagator.class));

            for (int i = 0; i < 20; i++) {
                assertThat(placeCall(telephony)).isNotBlank();
            }

            assertThat(simulator.connections()).as("TCP connections to the simulator").isEqualTo(1);
        });
    }

    private TelephonyGateway gateway(Tracer tracer, Propagator propagator) {
        return gateway(tracer, propagator, VendorCallLimitsForTests.any());
    }

    private TelephonyGateway gateway(Tracer tracer, Propagator propagator, VendorCallLimits limits) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationPredicate((name, context) -> observations.incrementAndGet() > 0)
                .observationHandler(new PropagatingSenderTracingObservationHandler<>(tracer, propagator));
        return new TelephonyGateway(RestClient.builder().observationRegistry(registry),
                new TelephonyProperties(simulator.baseUrl(), VendorSimulator.CALLBACK_SECRET, null),
                new TelephonyTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), limits,
                new CallbackUrlProperties("http://127.0.0.1:1"), new StandardEnvironment(),
                new EventTracing(tracer, propagator, false), new JsonMapper());
    }

    private static String placeCall(TelephonyGateway telephony) {
        return telephony.placeCall("+15551230000", "CHALLENGE", "Hello.", UUID.randomUUID().toString(),
                Instant.now().plusSeconds(60));
    }

    private String traceparentSent() {
        Matcher header = Pattern.compile("(?i)traceparent: (\\S+)").matcher(simulator.sent());
        assertThat(header.find()).as("a traceparent header in " + simulator.sent()).isTrue();
        return header.group(1);
    }
}
