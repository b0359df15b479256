package io.extauth.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The consumer span per record under Boot's own tracing (OpenTelemetry, W3C propagation), sampled as the
 * services sample without an OTLP endpoint (probability 0): what a record's handler sees of its trace, and which
 * records still get a span built and recorded.
 */
class ConsumerSpanUnitTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withPropertyValues("management.tracing.sampling.probability=0.0")
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
            .withBean(RecordedSpans.class, RecordedSpans::new);

    @Test
    void aRecordOfAnUnsampledTraceIsHandledInAChildContextOfItsTraceWithoutBuildingASpan() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class));
            EventTracing tracing = new EventTracing(tracer, propagator, false);
            Seen seen = new Seen();

            tracing.inConsumerSpan(record("00-" + TRACE + "-" + PARENT + "-00"), "AuthOrdered",
                    () -> seen.look(tracing, tracer));

            assertThat(seen.traceparent.get()).as("what the handler's outbox rows carry: a child in the same trace")
                    .matches("00-" + TRACE + "-[0-9a-f]{16}-00").doesNotContain(PARENT);
            assertThat(seen.currentTraceId.get()).isEqualTo(TRACE);
            assertThat(propagator.extractions).as("no span built").hasValue(0);
            assertThat(context.getBean(RecordedSpans.class).started).isEmpty();
            assertNothingLeftInScope(tracer);
        });
    }

    @Test
    void aRecordWithoutTraceparentBeginsAnUnsampledTraceWithoutBuildingASpanWhenNewTracesAreNotSampled() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class));
            EventTracing tracing = new EventTracing(tracer, propagator, false);
            Seen first = new Seen();
            Seen second = new Seen();

            tracing.inConsumerSpan(record(null), "EmailSent", () -> first.look(tracing, tracer));
            tracing.inConsumerSpan(record(null), "EmailSent", () -> second.look(tracing, tracer));

            assertThat(first.traceparent.get()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
            assertThat(first.currentTraceId.get()).isEqualTo(first.traceparent.get().substring(3, 35))
                    .isNotEqualTo(second.currentTraceId.get());
            assertThat(propagator.extractions).as("no span built").hasValue(0);
            assertNothingLeftInScope(tracer);
        });
    }

    @Test
    void aRecordOfASampledTraceStillGetsItsConsumerSpanRecorded() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            EventTracing tracing = new EventTracing(tracer, context.getBean(Propagator.class), false);
            Seen seen = new Seen();

            tracing.inConsumerSpan(record("00-" + TRACE + "-" + PARENT + "-01"), "AuthOrdered",
                    () -> seen.look(tracing, tracer));

            List<ReadableSpan> spans = context.getBean(RecordedSpans.class).started;
            assertThat(spans).hasSize(1);
            SpanData span = spans.get(0).toSpanData();
            assertThat(span.getName()).isEqualTo("AuthOrdered receive");
            assertThat(span.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
            assertThat(span.getTraceId()).isEqualTo(TRACE);
            assertThat(span.getParentSpanId()).isEqualTo(PARENT);
            assertThat(span.hasEnded()).isTrue();
            assertThat(seen.traceparent.get()).isEqualTo("00-" + TRACE + "-" + span.getSpanId() + "-01");
            assertNothingLeftInScope(tracer);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"baggage", "tracestate", "b3", "X-B3-TraceId", "x-b3-sampled"})
    void aRecordWithOtherTraceHeadersIsLeftToThePropagators(String header) {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class));
            EventTracing tracing = new EventTracing(tracer, propagator, false);
            ConsumerRecord<String, byte[]> record = record("00-" + TRACE + "-" + PARENT + "-00");
            record.headers().add(header, "1".getBytes(StandardCharsets.UTF_8));

            tracing.inConsumerSpan(record, "AuthOrdered", () -> { });

            assertThat(propagator.extractions).hasValue(1);
        });
    }

    @Test
    void aRecordWithoutTraceparentHandledWhileATraceIsCurrentContinuesItAsBefore() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class));
            EventTracing tracing = new EventTracing(tracer, propagator, false);
            Span outer = tracer.nextSpan().start();
            Seen seen = new Seen();

            try (Tracer.SpanInScope scope = tracer.withSpan(outer)) {
                tracing.inConsumerSpan(record(null), "EmailSent", () -> seen.look(tracing, tracer));
            } finally {
                outer.end();
            }

            assertThat(propagator.extractions).hasValue(1);
            assertThat(seen.currentTraceId.get()).isEqualTo(outer.context().traceId());
        });
    }

    @Test
    void whenNewTracesMayBeSampledARecordWithoutTraceparentGetsItsSpanAsBefore() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class));
            EventTracing tracing = new EventTracing(tracer, propagator);

            tracing.inConsumerSpan(record(null), "EmailSent", () -> { });

            assertThat(propagator.extractions).hasValue(1);
        });
    }

    @Test
    void aFailingHandlerOfAnUnsampledRecordFailsAsItDidAndLeavesNoTraceContextBehind() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            EventTracing tracing = new EventTracing(tracer, context.getBean(Propagator.class), false);
            IllegalStateException failure = new IllegalStateException("vendor down");

            assertThatThrownBy(() -> tracing.inConsumerSpan(record("00-" + TRACE + "-" + PARENT + "-00"),
                    "AuthOrdered", () -> {
                        throw failure;
                    })).isSameAs(failure);
            assertNothingLeftInScope(tracer);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01"})
    void theTraceparentOfTheCurrentSpanIsWrittenAsTheW3cPropagatorWritesItWithoutAskingIt(String flags) {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Propagator w3c = context.getBean(Propagator.class);
            CountingPropagator propagator = new CountingPropagator(w3c);
            EventTracing tracing = new EventTracing(tracer, propagator, false);
            Span span = w3c.extract(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-" + flags), Map::get)
                    .start();

            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                Map<String, String> written = new HashMap<>();
                w3c.inject(tracer.currentTraceContext().context(), written, Map::put);
                assertThat(tracing.currentTraceparent()).isEqualTo(written.get("traceparent"))
                        .endsWith("-" + flags);
            } finally {
                span.end();
            }
            assertThat(propagator.injections).hasValue(0);
            assertThat(tracing.currentTraceparent()).as("no span in scope").isNull();
        });
    }

    @Test
    void aServiceWhosePropagatorWritesNoTraceparentStoresWhatItsPropagatorWrites() {
        service.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CountingPropagator propagator = new CountingPropagator(context.getBean(Propagator.class), List.of("b3"));
            EventTracing tracing = new EventTracing(tracer, propagator, false);

            tracing.inConsumerSpan(record("00-" + TRACE + "-" + PARENT + "-00"), "AuthOrdered",
                    tracing::currentTraceparent);

            assertThat(propagator.injections).hasValue(1);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-" + TRACE + "-" + PARENT + "-00", "00-" + TRACE + "-" + PARENT + "-02"})
    void aPlainVersionZeroTraceparentWithoutTheSampledFlagIsAnUnsampledParent(String traceparent) {
        assertThat(EventTracing.unsampledParent(traceparent)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-" + TRACE + "-" + PARENT + "-01", "00-" + TRACE + "-" + PARENT + "-03",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT + "-00", "01-" + TRACE + "-" + PARENT + "-00",
            "00-" + TRACE + "-" + PARENT + "-00-extra", "00-00000000000000000000000000000000-" + PARENT + "-00",
            "00-" + TRACE + "-0000000000000000-00", "00-" + TRACE + "-" + PARENT + "-0g", "00_" + TRACE + "-"
            + PARENT + "-00", ""})
    void anythingElseIsLeftToThePropagators(String traceparent) {
        assertThat(EventTracing.unsampledParent(traceparent)).isFalse();
    }

    private static void assertNothingLeftInScope(Tracer tracer) {
        assertThat(tracer.currentSpan()).isNull();
    }

    private static ConsumerRecord<String, byte[]> record(String traceparent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 0, 0L, "user-1", new byte[0]);
        if (traceparent != null) {
            record.headers().add(EventTracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** What the handler sees of its trace. */
    private static final class Seen {
        final AtomicReference<String> traceparent = new AtomicReference<>();
        final AtomicReference<String> currentTraceId = new AtomicReference<>();

        void look(EventTracing tracing, Tracer tracer) {
            traceparent.set(tracing.currentTraceparent());
            Span current = tracer.currentSpan();
            currentTraceId.set(current == null ? null : current.context().traceId());
        }
    }

    /** Spans the SDK records: only sampled ones reach a span processor. */
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

    /** The service's propagator, counting extractions (each builds a span) and injections; maybe other fields. */
    private static final class CountingPropagator implements Propagator {
        final AtomicInteger extractions = new AtomicInteger();
        final AtomicInteger injections = new AtomicInteger();
        private final Propagator delegate;
        private final List<String> fields;

        CountingPropagator(Propagator delegate) {
            this(delegate, delegate.fields());
        }

        CountingPropagator(Propagator delegate, List<String> fields) {
            this.delegate = delegate;
            this.fields = fields;
        }

        @Override
        public List<String> fields() {
            return fields;
        }

        @Override
        public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
            injections.incrementAndGet();
            delegate.inject(context, carrier, setter);
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            extractions.incrementAndGet();
            return delegate.extract(carrier, getter);
        }
    }
}
