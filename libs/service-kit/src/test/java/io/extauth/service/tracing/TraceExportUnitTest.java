package io.extauth.service.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.service.ServiceDefaults;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What a service's tracing costs and sends (spans, exemplars), with and without an OTLP endpoint, under the service
 * defaults.
 */
class TraceExportUnitTest {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                    new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, PrometheusExemplarsAutoConfiguration.class));

    @Test
    void withoutAnOtlpEndpointNoSpanIsRecordedOrExportedYetTheCallersTraceIsPassedOn() {
        service.run(context -> {
            assertThat(context).doesNotHaveBean(SpanExporter.class);
            Tracer tracer = context.getBean(Tracer.class);
            Propagator propagator = context.getBean(Propagator.class);

            Span root = tracer.nextSpan().start();
            Span child = propagator.extract(Map.of("traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-00"),
                    Map::get).start();

            assertThat(root.context().sampled()).as("a trace begun here is not recorded").isFalse();
            assertThat(traceparent(tracer, propagator, child)).startsWith("00-" + CALLER_TRACE + "-");
            assertThat(context).as("no exemplar sampler per meter: there is no span to name")
                    .doesNotHaveBean(SpanContext.class);
        });
    }

    @Test
    void withAnOtlpEndpointEveryTraceIsRecordedAndExported() {
        service.withPropertyValues(
                "management.opentelemetry.tracing.export.otlp.endpoint=http://localhost:4318/v1/traces").run(context -> {
            assertThat(context).hasSingleBean(SpanExporter.class);
            Tracer tracer = context.getBean(Tracer.class);

            assertThat(tracer.nextSpan().start().context().sampled()).as("one order, one whole trace").isTrue();
            assertThat(context).as("metrics name the traces they were recorded in").hasSingleBean(SpanContext.class);
        });
    }

    private static String traceparent(Tracer tracer, Propagator propagator, Span span) {
        Map<String, String> headers = new HashMap<>();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            propagator.inject(tracer.currentTraceContext().context(), headers, Map::put);
        }
        return headers.get("traceparent");
    }
}
