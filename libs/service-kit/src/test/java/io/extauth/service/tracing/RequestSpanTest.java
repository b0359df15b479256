package io.extauth.service.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * An HTTP request's observation under Boot's own tracing (OpenTelemetry, W3C propagation) and metrics, sampled as
 * the services sample without an OTLP endpoint (probability 0): the server span only where a sampler could record
 * it, while {@code http.server.requests} counts every request and the handler's trace context, which goes into the
 * outbox's {@code traceparent} and onto outgoing calls, is the caller's trace.
 */
class RequestSpanTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withPropertyValues("management.tracing.sampling.probability=0.0")
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                    RequestTracingAutoConfiguration.class))
            .withBean(RecordedSpans.class, RecordedSpans::new);

    @Test
    void aRequestOfAnUnsampledTraceIsHandledInAChildContextOfItsTraceWithoutASpanYetTimed() {
        service.run(context -> {
            Seen seen = serve(context, "00-" + TRACE + "-" + PARENT + "-00", null);

            assertThat(seen.traceparent.get()).as("what the handler's outbox rows and outgoing calls carry")
                    .matches("00-" + TRACE + "-[0-9a-f]{16}-00").doesNotContain(PARENT);
            assertThat(seen.spanBuilt.get()).as("a server span built").isFalse();
            assertThat(context.getBean(RecordedSpans.class).started).isEmpty();
            assertThat(requestsTimed(context)).isEqualTo(1);
            assertNothingLeftInScope(context);
        });
    }

    @Test
    void aRequestWithoutTraceparentBeginsANewUnsampledTraceWithoutASpanYetTimed() {
        service.run(context -> {
            Seen first = serve(context, null, null);
            Seen second = serve(context, null, null);

            assertThat(first.traceparent.get()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
            assertThat(first.traceparent.get().substring(3, 35))
                    .isNotEqualTo(second.traceparent.get().substring(3, 35));
            assertThat(first.spanBuilt.get()).as("a server span built").isFalse();
            assertThat(requestsTimed(context)).isEqualTo(2);
            assertNothingLeftInScope(context);
        });
    }

    @Test
    void aRequestOfASampledTraceStillGetsItsServerSpanRecorded() {
        service.run(context -> {
            Seen seen = serve(context, "00-" + TRACE + "-" + PARENT + "-01", null);

            List<ReadableSpan> spans = context.getBean(RecordedSpans.class).started;
            assertThat(spans).hasSize(1);
            SpanData span = spans.get(0).toSpanData();
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getTraceId()).isEqualTo(TRACE);
            assertThat(span.getParentSpanId()).isEqualTo(PARENT);
            assertThat(span.hasEnded()).isTrue();
            assertThat(seen.traceparent.get()).isEqualTo("00-" + TRACE + "-" + span.getSpanId() + "-01");
            assertThat(requestsTimed(context)).isEqualTo(1);
            assertNothingLeftInScope(context);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"baggage", "tracestate"})
    void aRequestWithOtherTraceHeadersIsLeftToThePropagators(String header) {
        service.run(context -> {
            Seen seen = serve(context, "00-" + TRACE + "-" + PARENT + "-00", header);

            assertThat(seen.spanBuilt.get()).as("a server span built").isTrue();
            assertThat(seen.traceparent.get()).matches("00-" + TRACE + "-[0-9a-f]{16}-00");
            assertThat(requestsTimed(context)).isEqualTo(1);
            assertNothingLeftInScope(context);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-" + TRACE + "-" + PARENT + "-0", "00-" + TRACE + "-0000000000000000-00",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT + "-00"})
    void aTraceparentNotReadExactlyAsTheW3cPropagatorReadsItIsLeftToThePropagators(String traceparent) {
        service.run(context -> {
            assertThat(serve(context, traceparent, null).spanBuilt.get()).as("a server span built").isTrue();
            assertThat(requestsTimed(context)).isEqualTo(1);
            assertNothingLeftInScope(context);
        });
    }

    @Test
    void theServiceUsesTheHandlerInBootsPlace() {
        service.run(context -> assertThat(context).hasSingleBean(UnrecordedRequestSpans.class)
                .doesNotHaveBean("propagatingReceiverTracingObservationHandler"));
    }

    private static Seen serve(ApplicationContext context, String traceparent, String otherHeader) throws Exception {
        Tracer tracer = context.getBean(Tracer.class);
        EventTracing outbox = new EventTracing(tracer, context.getBean(Propagator.class), false);
        ServerHttpObservationFilter filter = new ServerHttpObservationFilter(
                context.getBean(ObservationRegistry.class));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/challenges");
        if (traceparent != null) {
            request.addHeader("traceparent", traceparent);
        }
        if (otherHeader != null) {
            request.addHeader(otherHeader, "k=v");
        }
        Seen seen = new Seen();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            seen.traceparent.set(outbox.currentTraceparent());
            ServerRequestObservationContext observed = ServerHttpObservationFilter
                    .findObservationContext(request).orElseThrow();
            TracingObservationHandler.TracingContext tracing =
                    observed.get(TracingObservationHandler.TracingContext.class);
            seen.spanBuilt.set(tracing != null && tracing.getSpan() != null);
        });
        return seen;
    }

    private static long requestsTimed(ApplicationContext context) {
        return context.getBean(MeterRegistry.class).get("http.server.requests").timer().count();
    }

    private static void assertNothingLeftInScope(ApplicationContext context) {
        Tracer tracer = context.getBean(Tracer.class);
        assertThat(tracer.currentTraceContext().context()).isNull();
        assertThat(tracer.currentSpan()).isNull();
    }

    private static final class Seen {
        final AtomicReference<String> traceparent = new AtomicReference<>();
        final AtomicReference<Boolean> spanBuilt = new AtomicReference<>();
    }

    static final class RecordedSpans implements SpanProcessor {
        final List<ReadableSpan> started = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            started.add(span);
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
