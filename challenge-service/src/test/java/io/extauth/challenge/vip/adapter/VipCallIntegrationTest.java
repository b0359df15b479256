package io.extauth.challenge.vip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.vendor.adapter.VendorCallLimitsForTests;
import io.extauth.challenge.vip.VipAnswerRules;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.CountingRelay;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A security code checked with VIP (the vendor simulator) from the unsampled trace of a request, as the service
 * samples without an OTLP endpoint: VIP's verdict, no client observation, and the trace's {@code traceparent} sent.
 */
class VipCallIntegrationTest {

    private final CountingRelay vip = new CountingRelay(URI.create(VendorSimulator.baseUrl()).getPort());

    @AfterEach
    void close() throws Exception {
        vip.close();
    }

    @Test
    void aCodeCheckedInTheUnsampledTraceOfARequestGetsVipsVerdictWithoutAnObservation() {
        new ApplicationContextRunner().withPropertyValues("management.tracing.sampling.probability=0.0")
                .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                        OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
                .run(context -> {
                    Tracer tracer = context.getBean(Tracer.class);
                    Propagator propagator = context.getBean(Propagator.class);
                    AtomicInteger observations = new AtomicInteger();
                    ObservationRegistry registry = ObservationRegistry.create();
                    registry.observationConfig().observationPredicate((name, c) -> observations.incrementAndGet() > 0)
                            .observationHandler(new PropagatingSenderTracingObservationHandler<>(tracer, propagator));
                    VipCodes codes = new VipCodes(RestClient.builder().observationRegistry(registry),
                            new VipProperties(vip.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5), null),
                            VendorCallLimitsForTests.any(),
                            new EventTracing(tracer, propagator, false), new JsonMapper());
                    String credentialId = "VSST" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
                    Span request = tracer.nextSpan().start();

                    VipAnswerRules.Verdict verdict;
                    try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                        verdict = codes.validate(credentialId, VendorSimulator.currentCode(credentialId));
                    } finally {
                        request.end();
                    }

                    assertThat(verdict).isEqualTo(new VipAnswerRules.Verdict(true, VipAnswerRules.ACCEPTED));
                    assertThat(observations).as("client observations built").hasValue(0);
                    assertThat(vip.sent()).startsWith("POST /vip/credentials/" + credentialId + "/validate HTTP/1.1")
                            .containsIgnoringCase("traceparent: 00-" + request.context().traceId() + "-");
                });
    }
}
